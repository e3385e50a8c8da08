using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>Waits for a named event, optionally correlated and with a timeout.</summary>
[Activity("core.waitEvent", "Events", "Waits for a named event with a matching correlation key; follows 'received', or 'timeout' if it does not come in time.")]
[Ports("received", "timeout")]
[Output("payload", "any", "The event's payload.")]
public sealed class WaitEventActivity : Activity, IBlockingActivity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>Event name.</summary>
    [Input("Event name, e.g. customer.replied.", Required = true)]
    public Input<string> Event { get; } = new();

    /// <summary>Correlation key.</summary>
    [Input("Correlation key the event must carry, e.g. input.customerId. Empty matches any.", UiHint = UiHint.Expression)]
    public Input<string?> Correlation { get; } = new();

    /// <summary>Timeout.</summary>
    [Input("Give up after this long (ISO 8601) and follow 'timeout'.", UiHint = UiHint.Duration)]
    public Input<TimeSpan?> Timeout { get; } = new();

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var correlation = context.Get(Correlation);
        context.CreateBookmark(BookmarkKind.Event, eventName: context.Get(Event),
            correlationKey: string.IsNullOrEmpty(correlation) ? null : correlation);
        if (context.Get(Timeout) is { } timeout)
            context.CreateBookmark(BookmarkKind.Timer, tag: "timeout", dueAt: context.Now + timeout);
        return ValueTask.FromResult(ActivityOutcome.Wait);
    }

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ResumeAsync(ActivityContext context)
    {
        if (context.Bookmark!.Kind == BookmarkKind.Timer)
            return ValueTask.FromResult(ActivityOutcome.Port("timeout"));
        context.SetOutput("payload", context.Event?.DeepClone());
        return ValueTask.FromResult(ActivityOutcome.Port("received"));
    }
}
