using CrmWorkflow.Crm.Features.Complaints;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Crm.Activities;

/// <summary>Reads a complaint as it is now, for decisions and messages further on.</summary>
[Activity("crm.loadComplaint", "Complaints",
    "Reads a complaint as it is now: customer, contact to reply to, category, severity, status, due times, escalation level and the manager working on it.")]
[Output("complaint", "object", "{ id, customerName, tier, region, contactName, replyToEmail, channel, category, severity, description, status, isOpen, priority, openedAt, responseDueAt, resolutionDueAt, escalationLevel, assigneeId }.")]
[Output("assignee", "object", "The manager working on it { id, name, email }, or null while it waits in a queue.")]
public sealed class LoadComplaintActivity : Activity
{
    /// <summary>The complaint.</summary>
    [Input("The complaint to read (its id), e.g. input.complaintId.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> ComplaintId { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var facts = await ComplaintFacts.LoadAsync(context.Crm(), context.Get(ComplaintId), context.CancellationToken);
        context.SetOutput("complaint", facts.ToJson());
        context.SetOutput("assignee", ComplaintFacts.Person(facts.Assignee));
        return ActivityOutcome.Done;
    }
}
