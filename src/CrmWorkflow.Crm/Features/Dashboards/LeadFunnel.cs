using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Dashboards;

/// <summary>One step of the lead funnel: how many leads reached it.</summary>
public sealed record FunnelStage(string Stage, int Leads);

/// <summary>
/// The lead funnel over leads captured in the last weeks: captured, assigned to a manager,
/// contacted, won (converted), and closed without a sale (disqualified). A lead counts at
/// every step it reached, so the steps read left to right. One GROUP BY in the database.
/// </summary>
public sealed class LeadFunnelHandler(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<FunnelStage>> HandleAsync(int weeks = 12, CancellationToken ct = default)
    {
        var from = Weeks.Last(weeks, clock.GetUtcNow()).From;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Leads.AsNoTracking().Where(l => l.CreatedAt >= from)
            .GroupBy(l => 1)
            .Select(g => new
            {
                Captured = g.Count(),
                Assigned = g.Count(l => l.AssignedAt != null || l.AssignedManagerId != null),
                Contacted = g.Count(l => l.ContactedAt != null || l.Status == LeadStatus.Contacted || l.Status == LeadStatus.Qualified
                                         || l.Status == LeadStatus.Converted),
                Won = g.Count(l => l.Status == LeadStatus.Converted),
                Closed = g.Count(l => l.Status == LeadStatus.Disqualified),
            })
            .FirstOrDefaultAsync(ct);
        return counts is null
            ? []
            : [new("Captured", counts.Captured), new("Assigned", counts.Assigned), new("Contacted", counts.Contacted),
               new("Won", counts.Won), new("Closed, no sale", counts.Closed)];
    }
}
