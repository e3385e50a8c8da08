using CrmWorkflow.Crm.Features.Complaints;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Crm.Activities;

/// <summary>
/// Moves a complaint on from a workflow, by the same rules as the status API, and raises
/// complaint.statusChanged so the SLA clock pauses, resumes or stops.
/// </summary>
[Activity("crm.updateComplaint", "Complaints",
    "Sets a complaint's status (by the same rules as the status API, raising complaint.statusChanged for the SLA clock) and/or its priority; follows 'notAllowed' when the status change is not allowed.")]
[Ports("done", "notAllowed")]
[Output("status", "string", "The complaint's status afterwards.")]
[Output("changed", "boolean", "True when the status changed (false when it already had it).")]
[Output("reason", "string", "Why the change was not allowed.")]
public sealed class UpdateComplaintActivity : Activity
{
    private static readonly string[] Priorities = ["low", "normal", "high", "urgent"];

    /// <summary>The complaint.</summary>
    [Input("The complaint to change (its id), e.g. outputs.load.complaint.id.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> ComplaintId { get; } = new();

    /// <summary>New status.</summary>
    [Input("The new status; empty leaves it as it is. Waiting on the customer pauses the SLA clock, in progress resumes it, resolved or closed stops it.",
        UiHint = UiHint.Select, Options = ["", "acknowledged", "inProgress", "waitingOnCustomer", "resolved", "closed"])]
    public Input<string?> Status { get; } = new();

    /// <summary>Note.</summary>
    [Input("Why (travels with the status-changed event), e.g. the question asked of the customer.", UiHint = UiHint.Multiline)]
    public Input<string?> Note { get; } = new();

    /// <summary>Resolution.</summary>
    [Input("What was done for the customer (when resolving).", UiHint = UiHint.Multiline)]
    public Input<string?> Resolution { get; } = new();

    /// <summary>Root cause.</summary>
    [Input("Why it happened (when resolving), e.g. Process gap, System error, Training, Supplier.")]
    public Input<string?> RootCause { get; } = new();

    /// <summary>Closed by the system.</summary>
    [Input("With status closed: the system closed it (e.g. the customer never answered); no satisfaction survey is sent.",
        UiHint = UiHint.Checkbox, DefaultJson = "false")]
    public Input<bool> AutoClosed { get; } = new();

    /// <summary>Priority.</summary>
    [Input("New priority; empty leaves it as it is.", UiHint = UiHint.Select, Options = ["", "low", "normal", "high", "urgent"])]
    public Input<string?> Priority { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var facts = await ComplaintFacts.LoadAsync(context.Crm(), context.Get(ComplaintId), context.CancellationToken);
        var c = facts.Complaint;
        // Both inputs are checked before anything changes: a failing step must not leave half its changes.
        var priority = context.Get(Priority)?.Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(priority) && !Priorities.Contains(priority))
            throw new ArgumentException($"'{priority}' is not a priority; use one of {string.Join(", ", Priorities)}.");
        var text = context.Get(Status);
        var to = c.Status;
        if (!string.IsNullOrWhiteSpace(text) && !ComplaintTransitions.TryParse(text, out to))
            throw new ArgumentException($"'{text}' is not a status a workflow can set; use one of {string.Join(", ", ComplaintTransitions.Names)}.");
        if (!string.IsNullOrEmpty(priority)) c.Priority = priority;
        context.SetOutput("changed", false);
        context.SetOutput("status", ComplaintEvents.Camel(c.Status.ToString()));
        // Already there (e.g. the status API got there first): nothing to do, nothing to announce.
        if (c.Status == to) return ActivityOutcome.Done;
        if (ComplaintTransitions.Refusal(c.Status, to) is { } refusal)
        {
            context.SetOutput("reason", refusal);
            return ActivityOutcome.Port("notAllowed");
        }
        var previous = c.Status;
        ComplaintTransitions.Apply(c, to, context.Now, context.Get(Resolution), context.Get(RootCause), context.Get(AutoClosed));
        context.RaiseEvent(ComplaintEvents.StatusChanged, ComplaintEvents.Correlation(c.Id),
            ComplaintEvents.StatusChangedPayload(c, previous, context.Now, context.Get(Note)));
        context.SetOutput("status", ComplaintEvents.Camel(c.Status.ToString()));
        context.SetOutput("changed", true);
        return ActivityOutcome.Done;
    }
}
