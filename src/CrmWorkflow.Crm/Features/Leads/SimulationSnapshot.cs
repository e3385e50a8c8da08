using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>Reads, without tracking, everything a routing replay needs.</summary>
internal static class SimulationSnapshot
{

    public static async Task<ReplaySnapshot> ReadAsync(IDbContextFactory<CrmDbContext> dbFactory, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var leads = await db.Leads.AsNoTracking().Where(l => l.CreatedAt >= from && l.CreatedAt <= to).ToListAsync(ct);
        leads = leads.OrderBy(l => l.CreatedAt).ThenBy(l => l.Id).ToList();
        // The runtime reads active managers only, and the round-robin rotation is over that list.
        var managers = await db.ClientManagers.AsNoTracking().Where(m => m.IsActive).OrderBy(m => m.Id).ToListAsync(ct);
        // Start from today's load without the replayed leads' own (they are routed again by the replay),
        // so a lead is never counted twice; leads closed during the window are not released (we do not know when).
        var replayedOpen = leads.Where(l => l.AssignedManagerId is not null && Lead.OpenStatuses.Contains(l.Status))
            .GroupBy(l => l.AssignedManagerId!).ToDictionary(g => g.Key, g => g.Count());
        var startLoad = managers.ToDictionary(m => m.Id, m => Math.Max(0, m.OpenLeads - replayedOpen.GetValueOrDefault(m.Id)));
        var pointers = await db.RoutingPointers.AsNoTracking().ToDictionaryAsync(p => p.Key, p => p.Position, ct);
        var away = (await db.OutOfOffice.AsNoTracking().Where(o => o.To > from && o.From <= to).ToListAsync(ct))
            .GroupBy(o => o.ManagerId).ToDictionary(g => g.Key, g => g.Select(o => (o.From, o.To)).ToList());
        var calendars = (await db.BusinessCalendars.AsNoTracking().ToListAsync(ct)).ToDictionary(c => c.Id, c => c.ToEngine());
        return new ReplaySnapshot(leads, await CustomersAsync(db, leads, ct), managers, startLoad, pointers, away, calendars);
    }

    // As enrichment does: the customer with the lead's email, else the one named like its company.
    private static async Task<Dictionary<long, CustomerMatch>> CustomersAsync(CrmDbContext db, List<Lead> leads, CancellationToken ct)
    {
        var emails = leads.Where(l => !string.IsNullOrWhiteSpace(l.Email)).Select(l => l.Email!).Distinct().ToList();
        var names = leads.Where(l => !string.IsNullOrWhiteSpace(l.CompanyName)).Select(l => l.CompanyName!).Distinct().ToList();
        var found = await db.Customers.AsNoTracking().Where(c => (c.Email != null && emails.Contains(c.Email)) || names.Contains(c.Name))
            .OrderBy(c => c.Id).Select(c => new { c.Id, c.Name, c.Email, c.Tier, c.IsKeyAccount, c.ManagerId }).ToListAsync(ct);
        var byEmail = new Dictionary<string, CustomerMatch>(StringComparer.Ordinal);
        var byName = new Dictionary<string, CustomerMatch>(StringComparer.Ordinal);
        foreach (var c in found)
        {
            var match = new CustomerMatch(c.Id, c.Name, c.Tier, c.IsKeyAccount, c.ManagerId);
            if (c.Email is not null) byEmail.TryAdd(c.Email, match);
            byName.TryAdd(c.Name, match);
        }
        var result = new Dictionary<long, CustomerMatch>();
        foreach (var lead in leads)
        {
            if (!string.IsNullOrWhiteSpace(lead.Email) && byEmail.TryGetValue(lead.Email, out var e)) result[lead.Id] = e;
            else if (!string.IsNullOrWhiteSpace(lead.CompanyName) && byName.TryGetValue(lead.CompanyName, out var n)) result[lead.Id] = n;
        }
        return result;
    }
}
