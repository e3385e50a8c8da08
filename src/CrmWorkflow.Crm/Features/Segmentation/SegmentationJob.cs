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
        var facts = await CustomerFactsReader.ReadAsync(db, now, only: null, ct);
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
            var verdict = CustomerVerdict.For(f, rfm.GetValueOrDefault(f.Id, (1, 1, 1)), f.Margin > 0 && f.Margin >= keyAccountFrom, now, o);
            scores.Add(verdict.Score);
            if (verdict.Differs(f))
                changes.Add((f.Id, [verdict.Tier, verdict.KeyAccount, verdict.Credit, verdict.Lifecycle]));
            foreach (var (name, payload) in verdict.Events(f, o)) events.Add((name, f.Id, payload));
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
            var upper = Scoring.UpperQuartile(group.Select(s => s.CurrentValue).ToList());
            foreach (var s in group) s.PotentialValue = Math.Max(0, upper - s.CurrentValue);
        }
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
