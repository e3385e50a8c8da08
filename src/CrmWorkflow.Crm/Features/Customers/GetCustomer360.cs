using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Customers;

/// <summary>Everything about one customer in one place.</summary>
public sealed record Customer360(
    Customer Profile,
    IReadOnlyList<Contact> Contacts,
    CustomerScoreView? Score,
    IReadOnlyList<AccountAssignment> Assignments,
    IReadOnlyList<Interaction> Interactions,
    IReadOnlyList<Complaint> Complaints,
    IReadOnlyList<Opportunity> Opportunities,
    PurchaseSummary Purchases,
    IReadOnlyDictionary<string, string> ManagerNames);

/// <summary>A score with its churn factors parsed.</summary>
public sealed record CustomerScoreView(int Recency, int Frequency, int Monetary, string Segment, decimal HistoricalValue,
    decimal CurrentValue, decimal PotentialValue, int ChurnRisk, JsonNode? ChurnFactors, DateTimeOffset ComputedAt);

/// <summary>Order history in numbers; <see cref="ByMonth"/> covers the last 24 months, months without orders included.</summary>
public sealed record PurchaseSummary(int Orders, decimal Amount, decimal Margin, DateTimeOffset? FirstOrder, DateTimeOffset? LastOrder,
    IReadOnlyList<ChannelCount> ByChannel, IReadOnlyList<MonthSpend> ByMonth);

/// <summary>Spend in one calendar month (UTC), e.g. "2026-03".</summary>
public sealed record MonthSpend(string Month, int Orders, decimal Amount);

/// <summary>Orders per channel.</summary>
public sealed record ChannelCount(string Channel, int Orders, decimal Amount);

/// <summary>Loads the 360 view; null when the customer does not exist or the reader may not see it.</summary>
public sealed class GetCustomer360Handler(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>How many of the latest interactions and complaints are shown.</summary>
    public const int Latest = 50;

    /// <summary>Months of spend in <see cref="PurchaseSummary.ByMonth"/>.</summary>
    public const int Months = 24;

    public async Task<Customer360?> HandleAsync(long id, CustomerAccess access, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var profile = await access.Filter(db, db.Customers.AsNoTracking()).FirstOrDefaultAsync(c => c.Id == id, ct);
        if (profile is null) return null;
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.CustomerId == id).OrderBy(c => c.Id).ToListAsync(ct);
        var score = await db.CustomerScores.AsNoTracking().FirstOrDefaultAsync(s => s.CustomerId == id, ct);
        var assignments = await db.AccountAssignments.AsNoTracking().Where(a => a.CustomerId == id).ToListAsync(ct);
        var interactions = await db.Interactions.AsNoTracking().Where(i => i.CustomerId == id)
            .OrderByDescending(i => i.At).Take(Latest).ToListAsync(ct);
        var complaints = await db.Complaints.AsNoTracking().Where(c => c.CustomerId == id)
            .OrderByDescending(c => c.OpenedAt).Take(Latest).ToListAsync(ct);
        var opportunities = await db.Opportunities.AsNoTracking().Where(o => o.CustomerId == id).ToListAsync(ct);
        var orders = await db.Orders.AsNoTracking().Where(o => o.CustomerId == id)
            .Select(o => new { o.Channel, o.Amount, o.Margin, o.OrderedAt }).ToListAsync(ct);
        var purchases = new PurchaseSummary(orders.Count, orders.Sum(o => o.Amount), orders.Sum(o => o.Margin),
            orders.Count == 0 ? null : orders.Min(o => o.OrderedAt), orders.Count == 0 ? null : orders.Max(o => o.OrderedAt),
            orders.GroupBy(o => o.Channel).Select(g => new ChannelCount(g.Key.ToString(), g.Count(), g.Sum(o => o.Amount)))
                .OrderByDescending(c => c.Amount).ToList(),
            ByMonth(orders.Select(o => (o.OrderedAt, o.Amount)), clock.GetUtcNow()));
        // Names for every manager the page mentions: assignments, the primary manager, who handled an interaction.
        var managerIds = assignments.Select(a => a.ManagerId).Concat(interactions.Select(i => i.ManagerId))
            .Append(profile.ManagerId).OfType<string>().Distinct().ToList();
        var names = await db.ClientManagers.AsNoTracking().Where(m => managerIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        return new Customer360(profile, contacts,
            score is null ? null : new CustomerScoreView(score.Recency, score.Frequency, score.Monetary, score.Segment, score.HistoricalValue,
                score.CurrentValue, score.PotentialValue, score.ChurnRisk, JsonNode.Parse(score.ChurnFactorsJson), score.ComputedAt),
            assignments.OrderByDescending(a => a.From).ToList(), interactions, complaints, opportunities, purchases, names);
    }

    private static List<MonthSpend> ByMonth(IEnumerable<(DateTimeOffset At, decimal Amount)> orders, DateTimeOffset now)
    {
        var first = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1 - Months);
        var perMonth = orders.Where(o => o.At.UtcDateTime >= first).GroupBy(o => Key(o.At.UtcDateTime))
            .ToDictionary(g => g.Key, g => (Orders: g.Count(), Amount: g.Sum(o => o.Amount)));
        return Enumerable.Range(0, Months).Select(i => Key(first.AddMonths(i)))
            .Select(k => perMonth.TryGetValue(k, out var m) ? new MonthSpend(k, m.Orders, m.Amount) : new MonthSpend(k, 0, 0)).ToList();
    }

    private static string Key(DateTime at) => at.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
