using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>A complaint taken by a person (phone, visit, web form) and entered through the API.</summary>
public sealed record CreateComplaint(long? CustomerId, long? ContactId, string? Channel, string? Category, string? Severity, string? Description)
{
    /// <summary>Problems by JSON path; empty when the complaint can be registered.</summary>
    public List<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (CustomerId is null) problems.Add(new("$.customerId", "The customer (customerId) is required."));
        if (!TryEnum<Domain.Channel>(Channel, out _))
            problems.Add(new("$.channel", $"Use one of {string.Join(", ", Enum.GetNames<Domain.Channel>().Select(ComplaintEvents.Camel))}."));
        if (string.IsNullOrWhiteSpace(Category)) problems.Add(new("$.category", "A category is required (e.g. Billing, Delivery)."));
        else if (Category.Trim().Length > 60) problems.Add(new("$.category", "The category is at most 60 characters."));
        if (!TryEnum<Domain.Severity>(Severity, out _))
            problems.Add(new("$.severity", $"Use one of {string.Join(", ", Enum.GetNames<Domain.Severity>().Select(ComplaintEvents.Camel))}."));
        if (string.IsNullOrWhiteSpace(Description)) problems.Add(new("$.description", "A description is required."));
        else if (Description.Trim().Length > 4000) problems.Add(new("$.description", "The description is at most 4,000 characters."));
        return problems;
    }

    internal static bool TryEnum<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        return !string.IsNullOrWhiteSpace(text) && !int.TryParse(text, out _) && Enum.TryParse(text.Trim(), true, out value);
    }
}

/// <summary>
/// Registers a complaint and raises complaint.received in the same transaction, then lets the
/// triggered workflow run at once, so the answer already carries the SLA due times.
/// </summary>
public sealed class CreateComplaintHandler(IDbContextFactory<CrmDbContext> dbFactory, WorkflowRuntime runtime, TimeProvider clock)
{
    public async Task<ComplaintResult> HandleAsync(CreateComplaint command, CustomerAccess access, CancellationToken ct = default)
    {
        if (command.Validate() is { Count: > 0 } problems) return ComplaintResult.Invalid(problems);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customerId = command.CustomerId!.Value;
        if (!await access.Filter(db, db.Customers).AnyAsync(c => c.Id == customerId, ct))
            return ComplaintResult.Fail(ComplaintError.Invalid, "$.customerId", $"No customer {customerId} that you can see.");
        if (command.ContactId is { } contactId && !await db.Contacts.AnyAsync(c => c.Id == contactId && c.CustomerId == customerId, ct))
            return ComplaintResult.Fail(ComplaintError.Invalid, "$.contactId", $"Customer {customerId} has no contact {contactId}.");
        CreateComplaint.TryEnum<Channel>(command.Channel, out var channel);
        CreateComplaint.TryEnum<Severity>(command.Severity, out var severity);
        var complaint = new Complaint
        {
            CustomerId = customerId, ContactId = command.ContactId, Channel = channel, Category = command.Category!.Trim(),
            Severity = severity, Description = command.Description!.Trim(), OpenedAt = clock.GetUtcNow(),
        };
        string eventId;
        // The event carries the new id, so the row is written first, inside the same transaction.
        await using (var transaction = await db.Database.BeginTransactionAsync(ct))
        {
            db.Complaints.Add(complaint);
            await db.SaveChangesAsync(ct);
            eventId = runtime.QueueEvent(db, ComplaintEvents.Received, ComplaintEvents.Correlation(complaint.Id), ComplaintEvents.ReceivedPayload(complaint));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        // A workflow that fails here becomes an incident (or a retried work item): the complaint stands.
        await runtime.DispatchEventAsync(eventId, ct);
        return ComplaintResult.Ok((await ComplaintAccess.ViewAsync(db, CustomerAccess.All, complaint.Id, clock.GetUtcNow(), ct))!);
    }
}
