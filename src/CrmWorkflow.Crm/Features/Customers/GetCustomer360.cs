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
    PurchaseSummary Purchases);

/// <summary>A score with its churn factors parsed.</summary>
public sealed record CustomerScoreView(int Recency, int Frequency, int Monetary, string Segment, decimal HistoricalValue,
    decimal CurrentValue, decimal PotentialValue, int ChurnRisk, JsonNode? ChurnFactors, DateTimeOffset ComputedAt);

/// <summary>Order history in numbers.</summary>
public sealed record PurchaseSummary(int Orders, decimal Amount, decimal Margin, DateTimeOffset? FirstOrder, DateTimeOffset? LastOrder,
    IReadOnlyList<ChannelCount> ByChannel);

/// <summary>Orders per channel.</summary>
public sealed record ChannelCount(string Channel, int Orders, decimal Amount);

/// <summary>Loads the 360 view; null when the customer does not exist or the reader may not see it.</summary>
public sealed class GetCustomer360Handler(IDbContextFactory<CrmDbContext> dbFactory)
{
    /// <summary>How many of the latest interactions and complaints are shown.</summary>
    public const int Latest = 50;

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
                .OrderByDescending(c => c.Amount).ToList());
        return new Customer360(profile, contacts,
            score is null ? null : new CustomerScoreView(score.Recency, score.Frequency, score.Monetary, score.Segment, score.HistoricalValue,
                score.CurrentValue, score.PotentialValue, score.ChurnRisk, JsonNode.Parse(score.ChurnFactorsJson), score.ComputedAt),
            assignments.OrderByDescending(a => a.From).ToList(), interactions, complaints, opportunities, purchases);
    }
}
