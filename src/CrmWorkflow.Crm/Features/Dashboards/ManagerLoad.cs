using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Dashboards;

/// <summary>A manager's open leads against the most they take at once.</summary>
public sealed record ManagerLoad(string ManagerId, string Name, int OpenLeads, int Capacity)
{
    /// <summary>Load in percent of capacity (a manager without capacity counts as full when they hold any lead).</summary>
    public double LoadPercent => Capacity > 0 ? Math.Round(100.0 * OpenLeads / Capacity, 1) : OpenLeads > 0 ? 100 : 0;
}

/// <summary>Active managers' load and how many are at or over capacity.</summary>
public sealed record ManagerLoadSummary(IReadOnlyList<ManagerLoad> Busiest, int ActiveManagers, int AtCapacity, int OpenLeads, int Capacity);

/// <summary>
/// Load per manager versus capacity: open leads (assigned and not yet won or closed) counted
/// from the leads themselves, per active manager, the busiest first. Counted in the database.
/// </summary>
public sealed class ManagerLoadHandler(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<ManagerLoadSummary> HandleAsync(int top = 15, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var active = db.ClientManagers.AsNoTracking().Where(m => m.IsActive);
        var loads = active.Select(m => new
        {
            m.Id, m.Name, Capacity = m.LeadCapacity,
            Open = db.Leads.Count(l => l.AssignedManagerId == m.Id && l.Status != LeadStatus.Converted && l.Status != LeadStatus.Disqualified),
        });
        // Totals as separate counts: SQL Server refuses an aggregate over a subquery (SUM of the per-manager counts).
        var managers = await active.CountAsync(ct);
        if (managers == 0) return new([], 0, 0, 0, 0);
        var capacity = await active.SumAsync(m => m.LeadCapacity, ct);
        var atCapacity = await loads.CountAsync(m => m.Open >= m.Capacity, ct);
        var open = await db.Leads.CountAsync(l => l.Status != LeadStatus.Converted && l.Status != LeadStatus.Disqualified
                                                  && active.Any(m => m.Id == l.AssignedManagerId), ct);
        var busiest = await loads.OrderByDescending(m => m.Capacity > 0 ? (double)m.Open / m.Capacity : m.Open)
            .ThenByDescending(m => m.Open).ThenBy(m => m.Id).Take(top).ToListAsync(ct);
        return new(busiest.Select(m => new ManagerLoad(m.Id, m.Name, m.Open, m.Capacity)).ToList(),
            managers, atCapacity, open, capacity);
    }
}
