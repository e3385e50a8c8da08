using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Dashboards;

/// <summary>How many customers of one segment sit in one tier.</summary>
public sealed record SegmentTierCount(string Segment, CustomerTier Tier, int Customers);

/// <summary>
/// Customers per segment (from the segmentation job's scores; "Not scored" before it ran)
/// and tier. One GROUP BY in the database, whatever the number of customers.
/// </summary>
public sealed class CustomerSegmentsHandler(IDbContextFactory<CrmDbContext> dbFactory)
{
    /// <summary>Segment shown for customers the segmentation job has not scored yet.</summary>
    public const string NotScored = "Not scored";

    public async Task<IReadOnlyList<SegmentTierCount>> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await (from c in db.Customers.AsNoTracking()
                          join s in db.CustomerScores.AsNoTracking() on c.Id equals s.CustomerId into scores
                          from s in scores.DefaultIfEmpty()
                          group c by new { Segment = s == null ? null : s.Segment, c.Tier } into g
                          select new { g.Key.Segment, g.Key.Tier, Count = g.Count() }).ToListAsync(ct);
        return rows.Select(r => new SegmentTierCount(string.IsNullOrEmpty(r.Segment) ? NotScored : r.Segment, r.Tier, r.Count))
            .OrderByDescending(r => r.Customers).ToList();
    }
}
