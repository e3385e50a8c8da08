using System.Diagnostics;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Crm.Features.Segmentation;

/// <summary>What a segmentation run did.</summary>
public sealed record SegmentationReport(int Customers, int TierChanges, int NewHighChurn, int EventsRaised, TimeSpan Elapsed);

/// <summary>
/// Recomputes every customer's RFM quintiles, segment, tier, key-account flag, value, churn
/// risk (with its factors) and credit rating from orders, payments and complaints; writes the
/// scores and changed customers in one transaction; then raises <c>customer.tierChanged</c>
/// and <c>customer.churnRiskHigh</c> for the workflows (not on the very first run, which only
/// sets the baseline).
/// </summary>
public sealed class SegmentationJob(IDbContextFactory<CrmDbContext> dbFactory, WorkflowRuntime runtime, TimeProvider clock,
    IOptions<SegmentationOptions> options, ILogger<SegmentationJob> logger)
{
    /// <summary>Runs a full recompute.</summary>
    public async Task<SegmentationReport> RunAsync(CancellationToken ct = default)
    {
        var watch = Stopwatch.StartNew();
        var o = options.Value;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var facts = await ReadFactsAsync(db, now, ct);
        logger.LogInformation("Segmentation: read {Customers} customers' history in {Seconds:0.0} s", facts.Count, watch.Elapsed.TotalSeconds);
        var list = facts.Values.OrderBy(f => f.Id).ToList();
        var buyers = list.Where(f => f.Orders > 0).ToList();
        var r = Scoring.Quintiles(buyers.Select(f => -(now - f.LastOrder!.Value).TotalDays).ToList());
        var fq = Scoring.Quintiles(buyers.Select(f => (double)f.Orders).ToList());
        var m = Scoring.Quintiles(buyers.Select(f => (double)f.Amount).ToList());
        var rfm = new Dictionary<long, (int R, int F, int M)>(buyers.Count);
        for (var i = 0; i < buyers.Count; i++) rfm[buyers[i].Id] = (r[i], fq[i], m[i]);
        var keyAccountFrom = list.Count == 0 ? 0 : list.Select(f => f.Margin).OrderByDescending(v => v)
            .ElementAt(Math.Max(0, (int)Math.Ceiling(list.Count * o.KeyAccountShare) - 1));

        var scores = new List<CustomerScore>(list.Count);
        var changes = new List<(long Id, object?[] Values)>();
        var events = new List<(string Name, long Customer, JsonObject Payload)>();
        foreach (var f in list)
        {
            var (rq, fqq, mq) = rfm.GetValueOrDefault(f.Id, (1, 1, 1));
            var (risk, factors) = Scoring.Churn(f, now);
            var segment = Scoring.Segment(rq, fqq, mq, (now - f.CreatedAt).TotalDays < 90, f.Orders);
            var current = decimal.Round(f.MarginLast12Months * (100 - risk) / 100m, 2);
            scores.Add(new CustomerScore
            {
                CustomerId = f.Id, Recency = rq, Frequency = fqq, Monetary = mq, Segment = segment,
                HistoricalValue = f.Margin, CurrentValue = current, ChurnRisk = risk, ChurnFactorsJson = Scoring.FactorsJson(factors), ComputedAt = now,
            });
            var tier = Scoring.Tier(f.AmountLast12Months, o);
            var key = f.Margin > 0 && f.Margin >= keyAccountFrom;
            var credit = Scoring.Credit(f);
            var lifecycle = f.Orders == 0 ? LifecycleStatus.Prospect
                : (now - f.LastOrder!.Value).TotalDays > o.DormantAfterDays ? LifecycleStatus.Dormant
                : risk >= o.HighChurnRisk ? LifecycleStatus.AtRisk : LifecycleStatus.Active;
            if (tier.ToString() != f.Tier || key != f.KeyAccount || credit.ToString() != f.Credit || lifecycle.ToString() != f.Lifecycle)
                changes.Add((f.Id, [tier, key, credit, lifecycle]));
            if (f.PreviousChurnRisk is not { } previous) continue;
            if (tier.ToString() != f.Tier)
                events.Add(("customer.tierChanged", f.Id, new JsonObject { ["customerId"] = f.Id, ["from"] = f.Tier, ["to"] = tier.ToString() }));
            if (risk >= o.HighChurnRisk && previous < o.HighChurnRisk)
                events.Add(("customer.churnRiskHigh", f.Id, new JsonObject { ["customerId"] = f.Id, ["churnRisk"] = risk, ["segment"] = segment }));
        }
        FillPotential(scores);
        logger.LogInformation("Segmentation: scored in {Seconds:0.0} s; writing {Scores} scores and {Changes} customer changes",
            watch.Elapsed.TotalSeconds, scores.Count, changes.Count);
        await WriteAsync(db, scores, changes, ct);
        logger.LogInformation("Segmentation: written in {Seconds:0.0} s", watch.Elapsed.TotalSeconds);
        foreach (var (name, customer, payload) in events)
            await runtime.RaiseEventAsync(name, customer.ToString(System.Globalization.CultureInfo.InvariantCulture), payload, ct);
        var report = new SegmentationReport(list.Count, events.Count(e => e.Name == "customer.tierChanged"),
            events.Count(e => e.Name == "customer.churnRiskHigh"), events.Count, watch.Elapsed);
        logger.LogInformation("Segmentation: {Customers} customers in {Seconds:0.0} s, {Changes} changed, {Events} events",
            report.Customers, watch.Elapsed.TotalSeconds, changes.Count, report.EventsRaised);
        return report;
    }

    // Potential value: the gap to the upper quartile of peers in the same segment.
    private static void FillPotential(List<CustomerScore> scores)
    {
        foreach (var group in scores.GroupBy(s => s.Segment))
        {
            var values = group.Select(s => s.CurrentValue).OrderBy(v => v).ToList();
            var upper = values[(int)(values.Count * 0.75) < values.Count ? (int)(values.Count * 0.75) : values.Count - 1];
            foreach (var s in group) s.PotentialValue = Math.Max(0, upper - s.CurrentValue);
        }
    }

    private static async Task<Dictionary<long, CustomerFacts>> ReadFactsAsync(CrmDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var facts = new Dictionary<long, CustomerFacts>();
        await foreach (var c in db.Customers.AsNoTracking().Select(c => new { c.Id, c.CreatedAt, c.Tier, c.IsKeyAccount, c.Credit, c.Lifecycle }).AsAsyncEnumerable().WithCancellation(ct))
            facts[c.Id] = new CustomerFacts { Id = c.Id, CreatedAt = c.CreatedAt, Tier = c.Tier.ToString(), KeyAccount = c.IsKeyAccount, Credit = c.Credit.ToString(), Lifecycle = c.Lifecycle.ToString() };
        var yearAgo = now.AddYears(-1);
        var halfYearAgo = now.AddMonths(-6);
        var yearAgoHalf = now.AddMonths(-12);
        await foreach (var order in db.Orders.AsNoTracking().Select(x => new { x.CustomerId, x.OrderedAt, x.Amount, x.Margin }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!facts.TryGetValue(order.CustomerId, out var f)) continue;
            f.Orders++;
            f.Amount += order.Amount;
            f.Margin += order.Margin;
            if (f.LastOrder is null || order.OrderedAt > f.LastOrder) f.LastOrder = order.OrderedAt;
            if (order.OrderedAt >= yearAgo) { f.AmountLast12Months += order.Amount; f.MarginLast12Months += order.Margin; }
            if (order.OrderedAt >= halfYearAgo) f.OrdersLast6Months++;
            else if (order.OrderedAt >= yearAgoHalf) f.OrdersPrevious6Months++;
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await foreach (var p in db.Payments.AsNoTracking().Select(x => new { x.CustomerId, x.DueOn, x.PaidOn }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!facts.TryGetValue(p.CustomerId, out var f)) continue;
            f.Payments++;
            if (p.PaidOn is { } paid && paid > p.DueOn) f.LatePayments++;
            if (p.PaidOn is null && p.DueOn.AddDays(60) < today) f.OverdueUnpaid++;
            else if (p.PaidOn is null && p.DueOn < today) f.LatePayments++;
        }
        var closed = new[] { ComplaintStatus.Resolved, ComplaintStatus.Closed };
        foreach (var c in await db.Complaints.AsNoTracking().Select(x => new { x.CustomerId, x.Status, x.Satisfaction }).ToListAsync(ct))
        {
            if (!facts.TryGetValue(c.CustomerId, out var f)) continue;
            if (!closed.Contains(c.Status)) f.OpenComplaints++;
        }
        foreach (var g in (await db.Complaints.AsNoTracking().Where(x => x.Satisfaction != null).Select(x => new { x.CustomerId, x.Satisfaction }).ToListAsync(ct)).GroupBy(x => x.CustomerId))
            if (facts.TryGetValue(g.Key, out var f)) f.AverageSatisfaction = g.Average(x => x.Satisfaction!.Value);
        await foreach (var s in db.CustomerScores.AsNoTracking().Select(x => new { x.CustomerId, x.ChurnRisk }).AsAsyncEnumerable().WithCancellation(ct))
            if (facts.TryGetValue(s.CustomerId, out var f)) f.PreviousChurnRisk = s.ChurnRisk;
        return facts;
    }

    private static async Task WriteAsync(CrmDbContext db, List<CustomerScore> scores, List<(long Id, object?[] Values)> changes, CancellationToken ct)
    {
        await db.Database.OpenConnectionAsync(ct);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.CustomerScores.ExecuteDeleteAsync(ct);
        var sql = db.GetService<ISqlGenerationHelper>();
        var connection = db.Database.GetDbConnection();
        var tx = transaction.GetDbTransaction();
        using (var insert = EntityTable.For(db, typeof(CustomerScore)).CreateBulkInsert(connection, tx, sql))
            foreach (var score in scores) insert.Add(score);
        var update = EntityTable.For(db, typeof(Customer)).CreateUpdate(connection, tx, sql, nameof(Customer.Id),
            nameof(Customer.Tier), nameof(Customer.IsKeyAccount), nameof(Customer.Credit), nameof(Customer.Lifecycle));
        foreach (var (id, values) in changes) update(id, values);
        await transaction.CommitAsync(ct);
    }
}
