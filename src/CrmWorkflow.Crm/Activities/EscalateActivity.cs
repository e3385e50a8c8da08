using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Complaints;
using CrmWorkflow.Crm.Features.Notifications;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CrmWorkflow.Crm.Activities;

/// <summary>
/// Climbs the escalation ladder one rung (or to a given level): tells the supervisor, hands
/// the complaint to a senior manager, or makes it urgent and tells the service head, as the
/// ladder says, and records the level on the complaint.
/// </summary>
[Activity("crm.escalate", "Complaints",
    "Escalates a complaint to the next (or a given) level of a configurable ladder: 1 tells the assignee's supervisor, 2 reassigns it to a senior manager, 3 makes it urgent and tells the service head.")]
[Output("level", "number", "The escalation level reached.")]
[Output("action", "string", "What was done: notifySupervisor, reassignToSenior or raisePriority.")]
[Output("assignee", "object", "Who works on the complaint now { id, name, email }, or null.")]
[Output("reassigned", "boolean", "True when the complaint moved to another manager.")]
[Output("notified", "string", "The email address told, or null when nobody could be.")]
public sealed class EscalateActivity : Activity
{
    /// <summary>The complaint.</summary>
    [Input("The complaint to escalate (its id), e.g. outputs.load.complaint.id.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> ComplaintId { get; } = new();

    /// <summary>Level.</summary>
    [Input("The level to escalate to; empty means one above the complaint's current level.", UiHint = UiHint.Number)]
    public Input<int?> Level { get; } = new();

    /// <summary>Ladder.</summary>
    [Input("What each level does: { level, action (notifySupervisor, reassignToSenior, raisePriority), notify (supervisor, assignee, serviceHead, none), template }.",
        UiHint = UiHint.Table, DefaultJson = EscalationStep.DefaultLadderJson)]
    public Input<IReadOnlyList<EscalationStep>> Ladder { get; } = new();

    /// <summary>Service head.</summary>
    [Input("Email of the head of customer service (told at the top level, and when a complaint has no supervisor to tell).", UiHint = UiHint.Expression)]
    public Input<string?> ServiceHeadEmail { get; } = new();

    /// <summary>Reason.</summary>
    [Input("Why, as the message says it.", UiHint = UiHint.Template, DefaultJson = "\"The resolution time of the complaint's SLA has passed.\"")]
    public Input<string> Reason { get; } = new();

    /// <summary>Move tasks.</summary>
    [Input("When the complaint is reassigned, also move this workflow's open tasks of the previous assignee to the new one.",
        UiHint = UiHint.Checkbox, DefaultJson = "true")]
    public Input<bool> MoveOpenTasks { get; } = new();

    /// <inheritdoc />
    public override object? Prepare(ActivityNode node, PrepareContext context)
    {
        if (node.Inputs?["ladder"] is JsonArray ladder)
            foreach (var (path, message) in EscalationStep.Problems(ladder, context.InputPath("ladder")))
                context.Report(path, message);
        return null;
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Crm();
        var ct = context.CancellationToken;
        var facts = await ComplaintFacts.LoadAsync(db, context.Get(ComplaintId), ct);
        var c = facts.Complaint;
        var level = context.Get(Level) ?? c.EscalationLevel + 1;
        var ladder = context.Get(Ladder, EscalationStep.DefaultLadder);
        var step = ladder.FirstOrDefault(s => s.Level == level)
                   ?? throw new ArgumentException($"Escalation level {level} is not configured; the ladder has levels {string.Join(", ", ladder.Select(s => s.Level))}.");
        var serviceHead = context.Get(ServiceHeadEmail);
        if (step.Recipient == "serviceHead" && string.IsNullOrWhiteSpace(serviceHead))
            throw new ArgumentException($"Escalation level {level} tells the head of customer service: give 'serviceHeadEmail'.");

        // Decide everything first: a step that fails half-way must not leave half its changes.
        var senior = step.Action == "reassignToSenior"
            ? await ComplaintAssignees.PickSeniorAsync(db, facts.Customer, c.AssigneeId, context.Now, ct)
            : null;
        if (step.Action == "reassignToSenior" && senior is null)
            context.Logger.LogWarning("Complaint {ComplaintId}: no senior manager is available; it stays with {Assignee}.", c.Id, c.AssigneeId);
        var assignee = senior ?? facts.Assignee;
        var (email, name) = step.Recipient switch
        {
            "assignee" => (assignee?.Email, assignee?.Name),
            "serviceHead" => (serviceHead, "Head of customer service"),
            "supervisor" => await SupervisorAsync(context, facts.Assignee) is { } boss ? (boss.Email, boss.Name) : (serviceHead, "Head of customer service"),
            _ => (null, null),
        };
        if (!string.IsNullOrWhiteSpace(email))
            context.Notify(new MessageRequest(step.Template, MessageChannel.Email, email, new
            {
                recipient = new { name },
                complaint = facts.ToJson(),
                level,
                reason = context.Get(Reason, "The resolution time of the complaint's SLA has passed."),
            })
            {
                RecipientName = name, RelatedType = "Complaint", RelatedId = ComplaintEvents.Correlation(c.Id),
            });
        else if (step.Recipient != "none")
            context.Logger.LogWarning("Complaint {ComplaintId} escalated to level {Level}, but nobody could be told ({Recipient} has no email).", c.Id, level, step.Recipient);

        if (senior is not null)
        {
            if (context.Get(MoveOpenTasks, true)) await MoveTasksAsync(context, c.AssigneeId, senior.Id);
            c.AssigneeId = senior.Id;
        }
        if (step.Action == "raisePriority") c.Priority = "urgent";
        c.EscalationLevel = Math.Max(c.EscalationLevel, level);

        context.SetOutput("level", level);
        context.SetOutput("action", step.Action);
        context.SetOutput("assignee", ComplaintFacts.Person(assignee));
        context.SetOutput("reassigned", senior is not null);
        context.SetOutput("notified", string.IsNullOrWhiteSpace(email) ? null : email);
        return ActivityOutcome.Done;
    }

    private static async Task<ClientManager?> SupervisorAsync(ActivityContext context, ClientManager? assignee) =>
        assignee?.SupervisorId is { } id
            ? await context.Crm().ClientManagers.FirstOrDefaultAsync(m => m.Id == id, context.CancellationToken)
            : null;

    // The work follows the complaint: the previous assignee's open tasks in this instance move along.
    private static async Task MoveTasksAsync(ActivityContext context, string? from, string to)
    {
        if (from is null) return;
        var tasks = await context.Crm().Set<HumanTaskRecord>()
            .Where(t => t.InstanceId == context.Instance.Id && t.Status == HumanTaskStatus.Open && t.Assignee == from)
            .ToListAsync(context.CancellationToken);
        foreach (var task in tasks) task.Assignee = to;
    }
}
