using CrmWorkflow.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Dashboards;

/// <summary>Leads first contacted in one week and how long after assignment, in hours.</summary>
public sealed record FirstContactWeek(DateTimeOffset Week, int Leads, double? MedianHours, double? AverageHours);

/// <summary>
/// Time to first contact per week (by the week of the contact): median and average hours from
/// assignment to first contact.
/// </summary>
public sealed class FirstContactTimeHandler(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Most contacts read per run; far above a quarter's leads in any demo.</summary>
    public const int MaxLeads = 200_000;

    public async Task<IReadOnlyList<FirstContactWeek>> HandleAsync(int weeks = 12, CancellationToken ct = default)
    {
        var range = Weeks.Last(weeks, clock.GetUtcNow());
        var (from, to) = (range.From, range.To);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // A duration between two timestamps has no portable SQL (SQLite keeps them as binary
        // numbers) and a median needs the values: so the window's contacted leads come back, as
        // two timestamps each, and nothing older.
        var rows = await db.Leads.AsNoTracking()
            .Where(l => l.ContactedAt >= from && l.ContactedAt < to && l.AssignedAt != null)
            .Select(l => new { Assigned = l.AssignedAt!.Value, Contacted = l.ContactedAt!.Value })
            .Take(MaxLeads)
            .ToListAsync(ct);
        var hours = rows.Where(r => r.Contacted >= r.Assigned)
            .ToLookup(r => (int)((r.Contacted - from).TotalDays / 7), r => (r.Contacted - r.Assigned).TotalHours);
        return range.Starts.Select((start, i) =>
        {
            var week = hours[i].Order().ToList();
            return week.Count == 0
                ? new FirstContactWeek(start, 0, null, null)
                : new FirstContactWeek(start, week.Count, Math.Round(Median(week), 1), Math.Round(week.Average(), 1));
        }).ToList();
    }

    private static double Median(List<double> sorted) =>
        sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}
