using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>Sets an instance variable.</summary>
[Activity("core.setVariable", "Data", "Sets a workflow variable to a value or the result of an expression.")]
public sealed class SetVariableActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>Variable to set.</summary>
    [Input("Name of the variable to set (read it later as vars.<name>).", Required = true)]
    public Input<string> Variable { get; } = new();

    /// <summary>New value.</summary>
    [Input("The value: a literal, an expression or a template.", Required = true, UiHint = UiHint.Expression)]
    public Input<JsonNode> Value { get; } = new();

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        context.SetVariable(context.Get(Variable), context.Get(Value)?.DeepClone());
        return ValueTask.FromResult(ActivityOutcome.Done);
    }
}
