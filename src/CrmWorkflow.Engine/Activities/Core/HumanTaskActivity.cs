using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>Creates a task for a person and waits for its outcome.</summary>
[Activity("core.humanTask", "People", "Creates a task for a user, role or queue and waits until someone completes it with one of its outcomes.")]
[Output("outcome", "string", "The chosen outcome.")]
[Output("data", "object", "The form data entered on completion.")]
[Output("completedBy", "string", "Who completed the task.")]
[Output("taskId", "string", "The task's id.")]
public sealed class HumanTaskActivity : Activity, IBlockingActivity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>The port followed when the escalation time passes.</summary>
    public const string OverduePort = "overdue";

    /// <summary>Title.</summary>
    [Input("Task title, usually a template such as 'Call {{ input.name }}'.", Required = true, UiHint = UiHint.Template)]
    public Input<string> Title { get; } = new();

    /// <summary>Description.</summary>
    [Input("What the person should do.", UiHint = UiHint.Multiline)]
    public Input<string?> Description { get; } = new();

    /// <summary>Assigned user.</summary>
    [Input("User id of the person who should do it.", UiHint = UiHint.Expression)]
    public Input<string?> Assignee { get; } = new();

    /// <summary>Role.</summary>
    [Input("Role whose members may take the task (e.g. ClientManager).")]
    public Input<string?> Role { get; } = new();

    /// <summary>Queue.</summary>
    [Input("Work queue the task waits in (e.g. complaints).")]
    public Input<string?> Queue { get; } = new();

    /// <summary>Priority.</summary>
    [Input("Priority.", UiHint = UiHint.Select, Options = ["low", "normal", "high", "urgent"], DefaultJson = "\"normal\"")]
    public Input<string> Priority { get; } = new();

    /// <summary>Due in.</summary>
    [Input("Due this long after creation (ISO 8601, e.g. PT4H).", UiHint = UiHint.Duration)]
    public Input<TimeSpan?> DueIn { get; } = new();

    /// <summary>Escalate in.</summary>
    [Input("Follow 'overdue' this long after creation if still open (the task stays open).", UiHint = UiHint.Duration)]
    public Input<TimeSpan?> EscalateIn { get; } = new();

    /// <summary>What happens to the task when it becomes overdue.</summary>
    [Input("When 'escalateIn' passes: keep the task open and also follow 'overdue', or close it and follow 'overdue' (e.g. to give the work to someone else).",
        UiHint = UiHint.Select, Options = ["keepOpen", "close"], DefaultJson = "\"keepOpen\"")]
    public Input<string> WhenOverdue { get; } = new();

    /// <summary>Outcomes.</summary>
    [Input("The outcomes the person can choose; each becomes a port.", UiHint = UiHint.List, DefaultJson = "[\"done\"]")]
    public Input<IReadOnlyList<string>> Outcomes { get; } = new();

    /// <summary>Form fields.</summary>
    [Input("Form fields: { name, label, type (string, text, number, boolean, date, select), required, options }.", UiHint = UiHint.Table)]
    public Input<IReadOnlyList<FormField>?> Form { get; } = new();

    /// <inheritdoc />
    public override IReadOnlyList<string> GetPorts(ActivityNode node)
    {
        var ports = Literal.IsGiven(node, "outcomes") ? Literal.StringList(node, "outcomes").ToList() : [Model.Ports.Done];
        if (Literal.IsGiven(node, "escalateIn")) ports.Add(OverduePort);
        return ports;
    }

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var now = context.Now;
        var escalateAt = context.Get(EscalateIn) is { } e ? now + e : (DateTimeOffset?)null;
        var task = new HumanTaskSpec
        {
            Id = context.NewId(),
            ActivityId = context.ActivityId,
            Title = context.Get(Title),
            Description = context.Get(Description),
            Assignee = NullIfEmpty(context.Get(Assignee)),
            Role = NullIfEmpty(context.Get(Role)),
            Queue = NullIfEmpty(context.Get(Queue)),
            Priority = context.Get(Priority, "normal"),
            DueAt = context.Get(DueIn) is { } d ? now + d : null,
            EscalateAt = escalateAt,
            Outcomes = context.Get(Outcomes, [Model.Ports.Done]),
            Form = context.Get(Form) ?? [],
            CreatedAt = now,
        };
        context.CreateHumanTask(task);
        context.SetOutput("taskId", task.Id);
        if (escalateAt is { } at) context.CreateBookmark(BookmarkKind.Timer, tag: "escalation", dueAt: at);
        return ValueTask.FromResult(ActivityOutcome.Wait);
    }

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ResumeAsync(ActivityContext context)
    {
        if (context.Bookmark!.Kind == BookmarkKind.Timer)
        {
            context.SetOutput("escalated", true);
            // Set when the escalation was brought forward (EscalateTasksNowAsync): why, e.g. the holder left.
            context.SetOutput("escalationReason", (context.Event as JsonObject)?["reason"]?.DeepClone());
            // Closing: the runtime cancels the open task when the execution ends without waiting.
            return ValueTask.FromResult(context.Get(WhenOverdue, "keepOpen") == "close"
                ? ActivityOutcome.Port(OverduePort)
                : ActivityOutcome.PortsAndWait(OverduePort));
        }
        var payload = context.Event as JsonObject ?? throw new ResumeRejectedException("$", "Completing a task needs { \"outcome\": ..., \"data\": { ... } }.");
        var outcomes = context.Get(Outcomes, [Model.Ports.Done]);
        var outcome = payload["outcome"] is JsonValue o && o.GetValueKind() == JsonValueKind.String ? o.GetValue<string>() : null;
        if (outcome is null && outcomes.Count == 1) outcome = outcomes[0];
        if (outcome is null || !outcomes.Contains(outcome))
            throw new ResumeRejectedException("$.outcome", $"Outcome must be one of {string.Join(", ", outcomes)}{(outcome is null ? "" : $"; '{outcome}' is not")}.");
        if (payload["data"] is { } rawData && rawData is not JsonObject)
            throw new ResumeRejectedException("$.data", "Form data must be an object.");
        var data = (payload["data"] as JsonObject)?.DeepClone().AsObject() ?? [];
        FormValidator.Validate(context.Get(Form) ?? [], data);
        var user = payload["user"] is JsonValue u && u.GetValueKind() == JsonValueKind.String ? u.GetValue<string>() : null;
        context.CompleteTask(outcome, user, data);
        context.SetOutput("outcome", outcome);
        context.SetOutput("data", data);
        context.SetOutput("completedBy", user);
        return ValueTask.FromResult(ActivityOutcome.Port(outcome));
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}

/// <summary>Checks completion data against a task's form.</summary>
internal static class FormValidator
{
    public static void Validate(IReadOnlyList<FormField> form, JsonObject data)
    {
        foreach (var field in form)
        {
            var path = $"$.data.{field.Name}";
            var value = data[field.Name];
            var missing = value is null || value.GetValueKind() == JsonValueKind.Null
                          || (value.GetValueKind() == JsonValueKind.String && string.IsNullOrWhiteSpace(value.GetValue<string>()));
            if (missing)
            {
                if (field.Required) throw new ResumeRejectedException(path, $"'{field.Label ?? field.Name}' is required.");
                continue;
            }
            var kind = value!.GetValueKind();
            var ok = field.Type switch
            {
                "number" => kind == JsonValueKind.Number,
                "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
                "date" => kind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _),
                "select" => kind == JsonValueKind.String && (field.Options is null || field.Options.Contains(value.GetValue<string>())),
                _ => kind == JsonValueKind.String,
            };
            if (!ok)
                throw new ResumeRejectedException(path, field.Type == "select"
                    ? $"'{field.Label ?? field.Name}' must be one of {string.Join(", ", field.Options ?? [])}."
                    : $"'{field.Label ?? field.Name}' must be a {(field.Type is "text" ? "string" : field.Type)}.");
        }
    }
}
