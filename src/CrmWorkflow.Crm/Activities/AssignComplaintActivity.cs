using CrmWorkflow.Crm.Features.Complaints;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Activities;

/// <summary>Gives a complaint to the customer's own manager, or to a work queue when they cannot take it.</summary>
[Activity("crm.assignComplaint", "Complaints",
    "Assigns the complaint to the customer's client manager when they are active and not out of office, otherwise leaves it in a work queue; a complaint that already has an assignee keeps them.")]
[Output("assigneeId", "string", "The manager's id (use it as a task's assignee), or null when queued.")]
[Output("assignee", "object", "The manager { id, name, email }, or null when queued.")]
[Output("queue", "string", "The work queue when nobody was assigned, else null.")]
[Output("reason", "string", "Why it went where it went.")]
public sealed class AssignComplaintActivity : Activity
{
    /// <summary>The complaint.</summary>
    [Input("The complaint to assign (its id), e.g. outputs.load.complaint.id.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> ComplaintId { get; } = new();

    /// <summary>Queue.</summary>
    [Input("Work queue for complaints nobody can take at once, e.g. complaints.", DefaultJson = "\"complaints\"")]
    public Input<string> Queue { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Crm();
        var ct = context.CancellationToken;
        var facts = await ComplaintFacts.LoadAsync(db, context.Get(ComplaintId), ct);
        var c = facts.Complaint;
        var manager = facts.Assignee;
        string reason;
        if (manager is not null) reason = "It was already assigned.";
        else if (facts.Customer.ManagerId is not { } own) reason = "The customer has no client manager.";
        else
        {
            manager = await db.ClientManagers.FirstOrDefaultAsync(m => m.Id == own, ct);
            if (manager is not null && await ComplaintAssignees.IsAvailableAsync(db, manager, context.Now, ct))
            {
                c.AssigneeId = manager.Id;
                reason = "The customer's client manager.";
            }
            else
            {
                reason = manager is null || !manager.IsActive ? "The customer's client manager is no longer active." : "The customer's client manager is out of office.";
                manager = null;
            }
        }
        var queue = manager is null ? context.Get(Queue, "complaints") : null;
        context.SetOutput("assigneeId", manager?.Id);
        context.SetOutput("assignee", ComplaintFacts.Person(manager));
        context.SetOutput("queue", queue);
        context.SetOutput("reason", reason);
        return ActivityOutcome.Done;
    }
}
