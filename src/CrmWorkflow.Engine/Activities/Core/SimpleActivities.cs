using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>Writes a message to the log and the journal's outputs.</summary>
[Activity("core.log", "Diagnostics", "Writes a message to the host log.")]
[Output("message", "string", "The rendered message.")]
public sealed class LogActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>Message.</summary>
    [Input("Message, usually a template.", Required = true, UiHint = UiHint.Template)]
    public Input<string> Message { get; } = new();

    /// <summary>Level.</summary>
    [Input("Log level.", UiHint = UiHint.Select, Options = ["debug", "information", "warning", "error"], DefaultJson = "\"information\"")]
    public Input<string> Level { get; } = new();

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var message = context.Get(Message);
        var level = context.Get(Level, "information") switch
        {
            "debug" => LogLevel.Debug,
            "warning" => LogLevel.Warning,
            "error" => LogLevel.Error,
            _ => LogLevel.Information,
        };
        if (context.Logger.IsEnabled(level))
            context.Logger.Log(level, "[{InstanceId}/{ActivityId}] {Message}", context.Instance.Id, context.ActivityId, message);
        context.SetOutput("message", message);
        return ValueTask.FromResult(ActivityOutcome.Done);
    }
}

/// <summary>Faults the instance on purpose.</summary>
[Activity("core.fail", "Diagnostics", "Stops the workflow with an incident carrying the given message.")]
[Ports]
public sealed class FailActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>Message.</summary>
    [Input("Why the workflow fails.", Required = true, UiHint = UiHint.Template)]
    public Input<string> Message { get; } = new();

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context) =>
        throw new WorkflowFailedException(context.Get(Message));
}

/// <summary>Raised by <c>core.fail</c>.</summary>
public sealed class WorkflowFailedException(string message) : Exception(message);

/// <summary>Raises an event for other instances.</summary>
[Activity("core.raiseEvent", "Events", "Raises a named event: resumes instances waiting for it and starts workflows it triggers.")]
public sealed class RaiseEventActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>Event name.</summary>
    [Input("Event name.", Required = true)]
    public Input<string> Event { get; } = new();

    /// <summary>Correlation id.</summary>
    [Input("Correlation id carried by the event.", UiHint = UiHint.Expression)]
    public Input<string?> CorrelationId { get; } = new();

    /// <summary>Payload.</summary>
    [Input("Payload (object or expression).", UiHint = UiHint.Json)]
    public Input<JsonNode?> Payload { get; } = new();

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        context.RaiseEvent(context.Get(Event), context.Get(CorrelationId), context.Get(Payload)?.DeepClone());
        return ValueTask.FromResult(ActivityOutcome.Done);
    }
}

/// <summary>Starts a child workflow.</summary>
[Activity("core.runWorkflow", "Flow", "Starts another published workflow; optionally waits for it and returns its variables.")]
[Output("childInstanceId", "string", "The child's instance id.")]
[Output("result", "object", "The child's variables when it finished (when waiting).")]
public sealed class RunWorkflowActivity : Activity, IBlockingActivity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>Definition id.</summary>
    [Input("Definition id of the workflow to run.", Required = true)]
    public Input<string> DefinitionId { get; } = new();

    /// <summary>Version.</summary>
    [Input("Version to run; the latest published when empty.", UiHint = UiHint.Number)]
    public Input<int?> Version { get; } = new();

    /// <summary>Input.</summary>
    [Input("Input for the child (object or expression).", UiHint = UiHint.Json)]
    public Input<JsonObject?> Input { get; } = new();

    /// <summary>Correlation id.</summary>
    [Input("Correlation id for the child; the parent's when empty.", UiHint = UiHint.Expression)]
    public Input<string?> CorrelationId { get; } = new();

    /// <summary>Wait.</summary>
    [Input("Wait for the child to finish before continuing.", UiHint = UiHint.Checkbox, DefaultJson = "true")]
    public Input<bool> Wait { get; } = new();

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var wait = context.Get(Wait, true);
        var id = context.StartChildWorkflow(context.Get(DefinitionId), context.Get(Version),
            context.Get(Input)?.DeepClone().AsObject() ?? [], context.Get(CorrelationId) ?? context.Instance.CorrelationId, wait);
        context.SetOutput("childInstanceId", id);
        return ValueTask.FromResult(wait ? ActivityOutcome.Wait : ActivityOutcome.Done);
    }

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ResumeAsync(ActivityContext context)
    {
        context.SetOutput("result", (context.Event as JsonObject)?["variables"]?.DeepClone());
        return ValueTask.FromResult(ActivityOutcome.Done);
    }
}
