using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Timers;
using CrmWorkflow.Engine.Validation;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>Waits for a duration or until a time, optionally in business hours only.</summary>
[Activity("core.delay", "Timing", "Waits for a duration (ISO 8601, e.g. PT4H) or until a time; with a business calendar only working hours count.")]
[Output("dueAt", "datetime", "When the delay ends.")]
public sealed class DelayActivity : Activity, IBlockingActivity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>How long.</summary>
    [Input("How long to wait, ISO 8601 (PT30M, PT4H, P2D).", UiHint = UiHint.Duration)]
    public Input<TimeSpan?> Duration { get; } = new();

    /// <summary>Until when.</summary>
    [Input("Wait until this time instead (ISO 8601 date and time, or an expression).", UiHint = UiHint.Expression)]
    public Input<DateTimeOffset?> Until { get; } = new();

    /// <summary>Optional business calendar.</summary>
    [Input("Business calendar: { timeZone, start, end, days, holidays }. When set, only working time counts.", UiHint = UiHint.Json)]
    public Input<BusinessCalendar?> Calendar { get; } = new();

    /// <inheritdoc />
    public override object? Prepare(ActivityNode node, PrepareContext context)
    {
        if (!Literal.IsGiven(node, "duration") && !Literal.IsGiven(node, "until"))
            context.Report(context.InputPath("duration"), "A delay needs a duration (e.g. PT4H) or an until time.");
        if (node.Inputs?["calendar"] is JsonObject calendar && Expressions.CompiledValue.AsScript(calendar) is null)
        {
            try
            {
                foreach (var problem in calendar.Deserialize<BusinessCalendar>(DefinitionJson.Options)?.Problems() ?? [])
                    context.Report(context.InputPath("calendar"), problem);
            }
            catch (JsonException ex)
            {
                context.Report(context.InputPath("calendar"), $"Not a business calendar: {ex.Message}");
            }
        }
        return null;
    }

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var due = DueTime.Compute(context, context.Get(Duration), context.Get(Until), context.Get(Calendar))
                  ?? throw new ArgumentException($"Delay '{context.ActivityId}' needs a duration or an until time.");
        context.SetOutput("dueAt", System.Text.Json.Nodes.JsonValue.Create(due));
        if (due <= context.Now) return ValueTask.FromResult(ActivityOutcome.Done);
        context.CreateBookmark(BookmarkKind.Timer, dueAt: due);
        return ValueTask.FromResult(ActivityOutcome.Wait);
    }

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ResumeAsync(ActivityContext context) => ValueTask.FromResult(ActivityOutcome.Done);
}

/// <summary>Due-time arithmetic shared by timing activities.</summary>
internal static class DueTime
{
    public static DateTimeOffset? Compute(ActivityContext context, TimeSpan? duration, DateTimeOffset? until, BusinessCalendar? calendar)
    {
        if (until is { } u) return calendar is null ? u : calendar.NextWorkingMoment(u);
        if (duration is not { } d) return null;
        return calendar is null ? context.Now + d : calendar.Add(context.Now, d);
    }
}
