using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Segmentation;

/// <summary>One customer rescored: the new score and what changed on the customer.</summary>
public sealed record RescoreResult(Customer Customer, CustomerScore Score, CustomerTier PreviousTier, IReadOnlyList<ChurnFactor> Factors,
    IReadOnlyList<(string Name, JsonObject Payload)> Events);

/// <summary>
/// Scores one customer between segmentation runs (e.g. right after a big order or a complaint)
/// with the job's rules: the customer's own facts, placed among all buyers for the RFM
/// quintiles and the key-account share, and among the stored scores of their segment for the
/// potential value. Changes are made on tracked entities of the caller's context, so they are
/// saved with the caller's unit of work (a workflow step).
/// </summary>
public static class CustomerRescore
{
    /// <summary>Rescores a customer; null when there is no such customer.</summary>
    public static async Task<RescoreResult?> ScoreAsync(CrmDbContext db, long customerId, DateTimeOffset now, SegmentationOptions o, CancellationToken ct)
    {
        var facts = (await CustomerFactsReader.ReadAsync(db, now, customerId, ct)).GetValueOrDefault(customerId);
        if (facts is null) return null;
        var customer = await db.Customers.FirstAsync(c => c.Id == customerId, ct);

        // Every buyer's recency, frequency, spend and margin: what the quintiles compare against.
        var buyers = await db.Orders.AsNoTracking().GroupBy(x => x.CustomerId)
            .Select(g => new { Id = g.Key, Last = g.Max(x => x.OrderedAt), Orders = g.Count(), Amount = g.Sum(x => x.Amount), Margin = g.Sum(x => x.Margin) })
            .ToListAsync(ct);
        var rfm = (1, 1, 1);
        if (facts.Orders > 0)
        {
            rfm = (Scoring.QuintileOf(-(now - facts.LastOrder!.Value).TotalDays, buyers.Select(b => -(now - b.Last).TotalDays).ToList()),
                Scoring.QuintileOf(facts.Orders, buyers.Select(b => (double)b.Orders).ToList()),
                Scoring.QuintileOf((double)facts.Amount, buyers.Select(b => (double)b.Amount).ToList()));
        }
        var customers = await db.Customers.CountAsync(ct);
        var keyAccount = Scoring.IsKeyAccount(facts.Margin, buyers.Count(b => b.Margin > facts.Margin), customers, o.KeyAccountShare);
        var verdict = CustomerVerdict.For(facts, rfm, keyAccount, now, o);

        var peers = await db.CustomerScores.AsNoTracking().Where(s => s.Segment == verdict.Score.Segment && s.CustomerId != customerId)
            .Select(s => s.CurrentValue).ToListAsync(ct);
        peers.Add(verdict.Score.CurrentValue);
        verdict.Score.PotentialValue = Math.Max(0, Scoring.UpperQuartile(peers) - verdict.Score.CurrentValue);

        var stored = await db.CustomerScores.FirstOrDefaultAsync(s => s.CustomerId == customerId, ct);
        if (stored is null) db.CustomerScores.Add(stored = verdict.Score);
        else db.Entry(stored).CurrentValues.SetValues(verdict.Score);
        var previousTier = customer.Tier;
        customer.Tier = verdict.Tier;
        customer.IsKeyAccount = verdict.KeyAccount;
        customer.Credit = verdict.Credit;
        customer.Lifecycle = verdict.Lifecycle;
        return new RescoreResult(customer, stored, previousTier, verdict.Factors, verdict.Events(facts, o).ToList());
    }
}
