using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>A person moves a complaint on: acknowledged, waiting on the customer, in progress again, resolved or closed.</summary>
/// <param name="Author">Who asks (the signed-in user); kept with the note.</param>
public sealed record ChangeComplaintStatus(long Id, string? Status, string? Note, string? Resolution, string? RootCause, string? Author = null)
{
    public List<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (!ComplaintTransitions.TryParse(Status, out var status))
            problems.Add(new("$.status", $"Use one of {string.Join(", ", ComplaintTransitions.Names)}."));
        if (Note is { Length: > Domain.ComplaintNote.MaxText }) problems.Add(new("$.note", "The note is at most 2,000 characters."));
        if (status == Domain.ComplaintStatus.Resolved && string.IsNullOrWhiteSpace(Resolution))
            problems.Add(new("$.resolution", "Say how the complaint was resolved (resolution)."));
        if (Resolution is { Length: > ComplaintTransitions.MaxResolution }) problems.Add(new("$.resolution", "The resolution is at most 4,000 characters."));
        if (RootCause is { Length: > ComplaintTransitions.MaxRootCause }) problems.Add(new("$.rootCause", "The root cause is at most 200 characters."));
        return problems;
    }
}

/// <summary>
/// Changes the status and raises complaint.statusChanged in the same transaction (the SLA
/// clock pauses, resumes or stops on it), then lets waiting workflows react at once.
/// </summary>
public sealed class ChangeComplaintStatusHandler(IDbContextFactory<CrmDbContext> dbFactory, WorkflowRuntime runtime, TimeProvider clock)
{
    public async Task<ComplaintResult> HandleAsync(ChangeComplaintStatus command, CustomerAccess access, CancellationToken ct = default)
    {
        if (command.Validate() is { Count: > 0 } problems) return ComplaintResult.Invalid(problems);
        ComplaintTransitions.TryParse(command.Status, out var to);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var complaint = await ComplaintAccess.Visible(db, access).FirstOrDefaultAsync(c => c.Id == command.Id, ct);
        if (complaint is null) return ComplaintResult.NotFound(command.Id);
        if (ComplaintTransitions.Refusal(complaint.Status, to) is { } refusal)
            return ComplaintResult.Fail(ComplaintError.Conflict, "$.status", refusal);
        var previous = complaint.Status;
        var now = clock.GetUtcNow();
        ComplaintTransitions.Apply(complaint, to, now, command.Resolution, command.RootCause);
        if (!string.IsNullOrWhiteSpace(command.Note))
            db.ComplaintNotes.Add(new Domain.ComplaintNote
            {
                ComplaintId = complaint.Id, At = now, Kind = Domain.ComplaintNoteKind.Status, Author = command.Author,
                Status = ComplaintEvents.Camel(complaint.Status.ToString()), Text = command.Note.Trim(),
            });
        var eventId = runtime.QueueEvent(db, ComplaintEvents.StatusChanged, ComplaintEvents.Correlation(complaint.Id),
            ComplaintEvents.StatusChangedPayload(complaint, previous, now, command.Note));
        await db.SaveChangesAsync(ct);
        await runtime.DispatchEventAsync(eventId, ct);
        return ComplaintResult.Ok((await ComplaintAccess.ViewAsync(db, CustomerAccess.All, complaint.Id, clock.GetUtcNow(), ct))!);
    }
}
