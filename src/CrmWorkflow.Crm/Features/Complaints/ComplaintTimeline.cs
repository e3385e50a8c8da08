using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>One thing that happened to a complaint. Kinds: received, status, note, sla, task, escalation, message, survey.</summary>
public sealed record TimelineEntry(DateTimeOffset At, string Kind, string Title, string? Detail = null);

/// <summary>
/// What happened to a complaint, oldest first, gathered from where it is recorded: the
/// complaint's own milestones and pauses, the tasks and escalation steps of the workflows that
/// handled it, and the messages sent about it.
/// </summary>
public sealed class ComplaintTimelineHandler(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<IReadOnlyList<TimelineEntry>?> HandleAsync(long id, CustomerAccess access, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var c = await ComplaintAccess.Visible(db, access).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (c is null) return null;
        var key = ComplaintEvents.Correlation(id);
        var messages = await db.OutboundMessages.AsNoTracking().Where(m => m.RelatedType == "Complaint" && m.RelatedId == key)
            .Select(m => new { m.CreatedAt, m.Template, m.Recipient, m.RecipientName, m.Channel, m.Status, m.InstanceId }).ToListAsync(ct);
        // The complaint's workflows: those that messaged about it or wait on its events.
        var instances = messages.Select(m => m.InstanceId).OfType<string>()
            .Concat(await db.Set<BookmarkRecord>().AsNoTracking().Where(b => b.CorrelationKey == key && b.EventName != null
                    && (b.EventName.StartsWith("complaint.") || b.EventName == ComplaintEvents.SurveyAnswered))
                .Select(b => b.InstanceId).ToListAsync(ct))
            .Distinct().ToList();
        var tasks = await db.Set<HumanTaskRecord>().AsNoTracking().Where(t => instances.Contains(t.InstanceId)).ToListAsync(ct);
        var escalations = await db.Set<JournalRecord>().AsNoTracking()
            .Where(j => instances.Contains(j.InstanceId) && j.ActivityType == "crm.escalate").ToListAsync(ct);

        var notes = await db.ComplaintNotes.AsNoTracking().Where(n => n.ComplaintId == id).ToListAsync(ct);

        var entries = new List<TimelineEntry>(Milestones(c));
        entries.AddRange(notes.Select(n => n.Kind == ComplaintNoteKind.Escalation
            ? new TimelineEntry(n.At, "escalation", "Escalation asked for", $"“{n.Text}”{By(n)}")
            : new TimelineEntry(n.At, "note", $"Note ({n.Status})", $"“{n.Text}”{By(n)}")));
        foreach (var t in tasks)
        {
            entries.Add(new(t.CreatedAt, "task", $"Task: {t.Title}", $"for {t.Assignee ?? t.Queue ?? t.Role ?? "anyone"}"));
            if (t.ClosedAt is { } closed)
                entries.Add(new(closed, "task", t.Status == HumanTaskStatus.Completed ? $"Task done: {t.Title}" : $"Task withdrawn: {t.Title}",
                    t.Status == HumanTaskStatus.Completed ? $"{t.Outcome} by {t.CompletedBy}" : null));
        }
        entries.AddRange(escalations.Select(j => new TimelineEntry(j.EndedAt, "escalation",
            j.Error is null ? "Escalated" : "Escalation failed", j.Error ?? $"step {j.ActivityId}")));
        entries.AddRange(messages.Select(m => new TimelineEntry(m.CreatedAt, "message", $"Message '{m.Template}' to {m.RecipientName ?? m.Recipient}",
            $"{m.Channel}, {m.Status}")));
        return entries.OrderBy(e => e.At).ThenBy(e => e.Kind == "received" ? 0 : 1).ToList();
    }

    private static string By(ComplaintNote n) => n.Author is { Length: > 0 } who ? $" by {who}" : "";

    private static IEnumerable<TimelineEntry> Milestones(Complaint c)
    {
        yield return new(c.OpenedAt, "received", $"Received by {ComplaintEvents.Camel(c.Channel.ToString())}", $"{c.Category}, severity {ComplaintEvents.Camel(c.Severity.ToString())}");
        if (c.RespondedAt is { } responded) yield return new(responded, "status", "Acknowledged");
        foreach (var pause in SlaRules.Pauses(c))
        {
            yield return new(pause.From, "sla", "Waiting on the customer", "SLA clock paused");
            if (pause.To is { } to) yield return new(to, "sla", "Work resumed", "SLA clock running again");
        }
        if (c.WarnedAt is { } warned) yield return new(warned, "sla", "SLA warning", c.ResolutionDueAt is { } due ? $"resolution due {due:yyyy-MM-dd HH:mm} UTC" : null);
        if (c.BreachedAt is { } breached) yield return new(breached, "sla", "SLA breached");
        if (c.ResolvedAt is { } resolved) yield return new(resolved, "status", "Resolved", c.RootCause is null ? c.Resolution : $"{c.Resolution} (root cause: {c.RootCause})");
        if (c.ClosedAt is { } closed) yield return new(closed, "status", c.AutoClosed ? "Closed automatically" : "Closed");
        if (c.SurveySentAt is { } sent)
        {
            yield return new(sent, "survey", "Satisfaction survey sent");
            if (c.Satisfaction is { } score) yield return new(sent, "survey", $"Customer rated {score} of 5", c.SatisfactionComment);
        }
    }
}
