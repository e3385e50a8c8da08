using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Dashboards;

/// <summary>Complaints resolved in one week: within their SLA or breached.</summary>
public sealed record SlaWeek(DateTimeOffset Week, int Within, int Breached)
{
    /// <summary>Share resolved within the SLA, in percent (null for a week with none resolved).</summary>
    public double? CompliancePercent => Within + Breached == 0 ? null : Math.Round(100.0 * Within / (Within + Breached), 1);
}

/// <summary>
/// SLA compliance over time: complaints resolved per week, split into within the SLA and
/// breached (the breach fired, or resolved after the resolution due time, as on the complaint
/// page). Complaints without an SLA are left out. Counted in the database.
/// </summary>
public sealed class SlaComplianceHandler(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<SlaWeek>> HandleAsync(int weeks = 12, CancellationToken ct = default)
    {
        var range = Weeks.Last(weeks, clock.GetUtcNow());
        var (from, to) = (range.From, range.To);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var counts = await db.Complaints.AsNoTracking()
            .Where(c => c.ResolvedAt >= from && c.ResolvedAt < to && c.ResolutionDueAt != null)
            .GroupBy(range.IndexOf<Complaint>(c => c.ResolvedAt))
            .Select(g => new { Week = g.Key, Total = g.Count(), Breached = g.Count(c => c.BreachedAt != null || c.ResolvedAt > c.ResolutionDueAt) })
            .ToListAsync(ct);
        return range.Starts.Select((start, i) => counts.FirstOrDefault(c => c.Week == i) is { } c
            ? new SlaWeek(start, c.Total - c.Breached, c.Breached)
            : new SlaWeek(start, 0, 0)).ToList();
    }
}
