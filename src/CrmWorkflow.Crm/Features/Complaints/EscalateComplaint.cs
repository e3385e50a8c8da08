using CrmWorkflow.Crm.Domain;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>A person escalates a complaint one level, saying why.</summary>
public sealed record EscalateComplaint(long Id, string? Reason, string? RequestedBy)
{
    /// <summary>The longest reason kept.</summary>
    public const int MaxReason = 500;

    public List<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(Reason)) problems.Add(new("$.reason", "Say why the complaint needs escalating (reason)."));
        else if (Reason.Length > MaxReason) problems.Add(new("$.reason", $"The reason is at most {MaxReason} characters."));
        return problems;
    }
}

/// <summary>
/// Raises complaint.escalationRequested for the complaint's own workflow: its SLA clock follows
/// 'escalationRequested' and the workflow's escalation step does the next level's action (tell
/// the supervisor, reassign to a senior manager, raise the priority), moving its tasks along.
/// Refused when no workflow listens (the complaint was not registered through the complaint
/// process, or its clock has stopped), so a click never silently does nothing.
/// </summary>
public sealed class EscalateComplaintHandler(IDbContextFactory<CrmDbContext> dbFactory, WorkflowRuntime runtime, TimeProvider clock)
{
    /// <summary>The top of the shipped ladder: level 3 raises the priority and tells the service head.</summary>
    public const int TopLevel = 3;

    public async Task<ComplaintResult> HandleAsync(EscalateComplaint command, CustomerAccess access, CancellationToken ct = default)
    {
        if (command.Validate() is { Count: > 0 } problems) return ComplaintResult.Invalid(problems);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var complaint = await ComplaintAccess.Visible(db, access).FirstOrDefaultAsync(c => c.Id == command.Id, ct);
        if (complaint is null) return ComplaintResult.NotFound(command.Id);
        if (ComplaintTransitions.IsFinal(complaint.Status))
            return ComplaintResult.Fail(ComplaintError.Conflict, "$", $"Complaint {command.Id} is {ComplaintEvents.Camel(complaint.Status.ToString())}: there is nothing to escalate.");
        if (complaint.EscalationLevel >= TopLevel)
            return ComplaintResult.Fail(ComplaintError.Conflict, "$", $"Complaint {command.Id} is at escalation level {complaint.EscalationLevel}, the top of the ladder.");
        if (!await ListeningAsync(db, complaint.Id, ct))
            return ComplaintResult.Fail(ComplaintError.Conflict, "$",
                $"No complaint-handling workflow is running for complaint {command.Id}, so nobody would act on an escalation. Escalate it by hand (tell the supervisor) or start its handling.");
        db.ComplaintNotes.Add(new ComplaintNote
        {
            ComplaintId = complaint.Id, At = clock.GetUtcNow(), Kind = ComplaintNoteKind.Escalation, Author = command.RequestedBy,
            Text = command.Reason!.Trim(),
        });
        var eventId = runtime.QueueEvent(db, ComplaintEvents.EscalationRequested, ComplaintEvents.Correlation(complaint.Id), new JsonObject
        {
            ["complaintId"] = complaint.Id,
            ["reason"] = command.Reason!.Trim(),
            ["requestedBy"] = command.RequestedBy,
            ["at"] = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(ct);
        await runtime.DispatchEventAsync(eventId, ct);
        return ComplaintResult.Ok((await ComplaintAccess.ViewAsync(db, CustomerAccess.All, complaint.Id, clock.GetUtcNow(), ct))!);
    }

    /// <summary>Whether a workflow waits for this complaint's escalation requests (the page offers the button only then).</summary>
    public async Task<bool> CanEscalateAsync(long complaintId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ListeningAsync(db, complaintId, ct);
    }

    private static Task<bool> ListeningAsync(CrmDbContext db, long complaintId, CancellationToken ct)
    {
        var key = ComplaintEvents.Correlation(complaintId);
        return db.Set<BookmarkRecord>().AnyAsync(b => b.Kind == BookmarkKind.Event && b.EventName == ComplaintEvents.EscalationRequested
                                                       && b.CorrelationKey == key, ct);
    }
}
