using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>
/// A complaint with the people around it, loaded once for an activity: the customer, the
/// contact who complained and the manager working on it. Also shapes them as the data
/// workflows and templates read (<c>complaint { id, customerName, ... }</c>).
/// </summary>
public sealed record ComplaintFacts(Complaint Complaint, Customer Customer, Contact? Contact, ClientManager? Assignee)
{
    /// <summary>Loads a complaint (tracked, so the caller can change it in its unit of work); throws when it does not exist.</summary>
    public static async Task<ComplaintFacts> LoadAsync(CrmDbContext db, long complaintId, CancellationToken ct = default)
    {
        var complaint = await db.Complaints.FirstOrDefaultAsync(c => c.Id == complaintId, ct)
                        ?? throw new ArgumentException($"There is no complaint {complaintId}.");
        var customer = await db.Customers.FirstOrDefaultAsync(c => c.Id == complaint.CustomerId, ct)
                       ?? throw new ArgumentException($"Complaint {complaintId} names customer {complaint.CustomerId}, which does not exist.");
        var contact = complaint.ContactId is { } contactId ? await db.Contacts.FirstOrDefaultAsync(c => c.Id == contactId, ct) : null;
        var assignee = complaint.AssigneeId is { } a ? await db.ClientManagers.FirstOrDefaultAsync(m => m.Id == a, ct) : null;
        return new ComplaintFacts(complaint, customer, contact, assignee);
    }

    /// <summary>Who the customer-facing messages go to: the contact with an email, else the customer.</summary>
    public (string? Email, string Name) ReplyTo =>
        !string.IsNullOrWhiteSpace(Contact?.Email) ? (Contact.Email, Contact.Name) : (NullIfBlank(Customer.Email), Contact?.Name ?? Customer.Name);

    /// <summary>The complaint as workflows and templates see it.</summary>
    public JsonObject ToJson()
    {
        var c = Complaint;
        var reply = ReplyTo;
        return new JsonObject
        {
            ["id"] = c.Id,
            ["customerId"] = c.CustomerId,
            ["customerName"] = Customer.Name,
            ["tier"] = ComplaintEvents.Camel(Customer.Tier.ToString()),
            ["region"] = Customer.Region,
            ["contactId"] = c.ContactId,
            ["contactName"] = reply.Name,
            ["replyToEmail"] = reply.Email,
            ["channel"] = ComplaintEvents.Camel(c.Channel.ToString()),
            ["category"] = c.Category,
            ["severity"] = ComplaintEvents.Camel(c.Severity.ToString()),
            ["description"] = c.Description,
            ["status"] = ComplaintEvents.Camel(c.Status.ToString()),
            ["isOpen"] = !ComplaintTransitions.IsFinal(c.Status),
            ["priority"] = c.Priority,
            ["openedAt"] = c.OpenedAt,
            ["responseDueAt"] = c.ResponseDueAt,
            ["resolutionDueAt"] = c.ResolutionDueAt,
            ["warningAt"] = c.WarningAt,
            ["escalationLevel"] = c.EscalationLevel,
            ["assigneeId"] = c.AssigneeId,
        };
    }

    /// <summary>The manager as workflows and templates see them, or null.</summary>
    public static JsonObject? Person(ClientManager? m) => m is null
        ? null
        : new JsonObject { ["id"] = m.Id, ["name"] = m.Name, ["email"] = m.Email, ["seniority"] = m.Seniority.ToString().ToLowerInvariant() };

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
