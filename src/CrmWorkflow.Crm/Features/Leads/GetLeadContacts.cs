using CrmWorkflow.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>One logged contact with a lead.</summary>
public sealed record LeadContactView(long Id, DateTimeOffset At, string Channel, string Direction, string Summary, bool Reached,
    string? ManagerId, string? ManagerName);

/// <summary>The contacts with a lead, newest first, and the customer record they are kept on (none before the first).</summary>
public sealed record LeadContacts(long? CustomerId, string? CustomerName, IReadOnlyList<LeadContactView> Items);

/// <summary>Reads a lead's contacts.</summary>
public sealed class GetLeadContactsHandler(IDbContextFactory<CrmDbContext> dbFactory)
{
    /// <summary>How many of the latest contacts are listed.</summary>
    public const int Latest = 50;

    /// <summary>Null when the lead does not exist or the reader may not see it.</summary>
    public async Task<LeadContacts?> HandleAsync(long leadId, LeadAccess access, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lead = await access.Filter(db.Leads.AsNoTracking()).Where(l => l.Id == leadId)
            .Select(l => new { l.ConvertedCustomerId, l.CreatedAt }).FirstOrDefaultAsync(ct);
        if (lead is null) return null;
        if (lead.ConvertedCustomerId is not { } customerId) return new LeadContacts(null, null, []);
        var name = await db.Customers.Where(c => c.Id == customerId).Select(c => c.Name).FirstOrDefaultAsync(ct);
        // A lead of an existing customer shares that customer's timeline: only what happened since
        // the lead came in belongs to it, and a client manager sees only their own entries there
        // (the customer may be someone else's account).
        var interactions = db.Interactions.AsNoTracking().Where(i => i.CustomerId == customerId && i.At >= lead.CreatedAt);
        if (access.OnlyManagerId is { } manager) interactions = interactions.Where(i => i.ManagerId == manager);
        var items = await (from i in interactions
                           join m in db.ClientManagers on i.ManagerId equals m.Id into managers
                           from m in managers.DefaultIfEmpty()
                           orderby i.At descending, i.Id descending
                           select new LeadContactView(i.Id, i.At, i.Channel.ToString(), i.Direction.ToString(), i.Summary, i.Responded,
                               i.ManagerId, m == null ? null : m.Name))
            .Take(Latest).ToListAsync(ct);
        return new LeadContacts(customerId, name, items);
    }
}
