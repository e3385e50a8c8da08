using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Segmentation;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmWorkflow.Crm.Tests.Segmentation;

public sealed class SegmentationJobTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private readonly CrmDatabase _database = new();
    private readonly FakeTimeProvider _clock = new(Now);
    private readonly ServiceProvider _services;

    public SegmentationJobTests()
    {
        var path = _database.Path;
        _services = new ServiceCollection().AddLogging()
            .AddSingleton<TimeProvider>(_clock)
            .AddDbContextFactory<CrmDbContext>(o => o.UseSqlite($"Data Source={path}", s => s.MigrationsAssembly("CrmWorkflow.Migrations.Sqlite")))
            .AddCrm()
            .BuildServiceProvider();
    }

    public void Dispose()
    {
        _services.Dispose();
        _database.Dispose();
    }

    private async Task AddCustomerAsync(long id, params (int DaysAgo, decimal Amount)[] orders)
    {
        await using var db = _database.Factory.CreateDbContext();
        db.Customers.Add(new Customer { Id = id, Name = $"Customer {id}", Region = "East China", Industry = "Retail", CreatedAt = Now.AddYears(-3) });
        foreach (var (daysAgo, amount) in orders)
            db.Orders.Add(new Order { CustomerId = id, OrderedAt = Now.AddDays(-daysAgo), Amount = amount, Margin = amount / 4 });
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Run_SpendAndPayments_SetTierKeyAccountAndCredit()
    {
        await AddCustomerAsync(1, (10, 60_000m), (40, 50_000m));          // 110k in the year: Diamond
        await AddCustomerAsync(2, (20, 6_000m));                          // Silver
        await AddCustomerAsync(3, (400, 90_000m));                        // big but over a year ago: Standard
        await AddCustomerAsync(4);                                        // never bought
        await using (var db = _database.Factory.CreateDbContext())
        {
            db.Payments.Add(new Payment { CustomerId = 2, Amount = 6_000m, DueOn = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-100) });
            await db.SaveChangesAsync();
        }

        var report = await _services.GetRequiredService<SegmentationJob>().RunAsync();

        Assert.Equal(4, report.Customers);
        await using var check = _database.Factory.CreateDbContext();
        var customers = await check.Customers.OrderBy(c => c.Id).ToListAsync();
        Assert.Equal([CustomerTier.Diamond, CustomerTier.Silver, CustomerTier.Standard, CustomerTier.Standard], customers.Select(c => c.Tier));
        Assert.True(customers[0].IsKeyAccount);            // top 20 % by value
        Assert.False(customers[1].IsKeyAccount);
        Assert.Equal(CreditRating.D, customers[1].Credit); // unpaid more than 60 days after due
        Assert.Equal(LifecycleStatus.Prospect, customers[3].Lifecycle);
        Assert.Equal(LifecycleStatus.Dormant, customers[2].Lifecycle);
        Assert.Equal(4, await check.CustomerScores.CountAsync());
    }

    [Fact]
    public async Task Run_FallingFrequencyAndOpenComplaints_ExplainTheChurnRisk()
    {
        // Six orders in the half-year before last, one in the last six months.
        await AddCustomerAsync(1, (200, 100m), (210, 100m), (220, 100m), (230, 100m), (240, 100m), (250, 100m), (170, 100m));
        await using (var db = _database.Factory.CreateDbContext())
        {
            db.Complaints.Add(new Complaint { CustomerId = 1, Category = "Billing", Description = "Charged twice", OpenedAt = Now.AddDays(-3) });
            await db.SaveChangesAsync();
        }

        await _services.GetRequiredService<SegmentationJob>().RunAsync();

        await using var check = _database.Factory.CreateDbContext();
        var score = await check.CustomerScores.SingleAsync();
        var factors = JsonNode.Parse(score.ChurnFactorsJson)!.AsArray().Select(f => f!["factor"]!.GetValue<string>()).ToList();
        Assert.Contains("falling frequency", factors);
        Assert.Contains("open complaints", factors);
        // 35 x (1 - 1/6) for the drop in frequency, plus 10 for one open complaint.
        Assert.Equal(29 + 10, score.ChurnRisk);
    }

    [Fact]
    public async Task Run_RiskCrossesThresholdAfterBaseline_RaisesChurnRiskHighForWorkflows()
    {
        // Bought every month until 200 days ago, nothing since: falling frequency and a long silence.
        await using (var db = _database.Factory.CreateDbContext())
        {
            db.Customers.Add(new Customer { Id = 9, Name = "Quiet Ltd", Region = "East China", Industry = "Retail", CreatedAt = Now.AddDays(-365) });
            foreach (var days in new[] { 200, 230, 260, 290, 320, 350 })
                db.Orders.Add(new Order { CustomerId = 9, OrderedAt = Now.AddDays(-days), Amount = 500m, Margin = 100m });
            await db.SaveChangesAsync();
        }
        await _services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(DefinitionJson.Parse("""
            { "definitionId": "win-back", "name": "Win back",
              "triggers": [{ "event": "customer.churnRiskHigh" }],
              "activities": [ { "id": "start", "type": "core.start" },
                              { "id": "note", "type": "core.setVariable", "inputs": { "variable": "risk", "value": { "expr": "input.churnRisk" } } } ],
              "connections": [ { "from": "start", "to": "note" } ] }
            """).Definition!);
        var job = _services.GetRequiredService<SegmentationJob>();
        await job.RunAsync();
        await using (var db = _database.Factory.CreateDbContext())
        {
            Assert.True((await db.CustomerScores.SingleAsync()).ChurnRisk < 70);
            db.Complaints.Add(new Complaint { CustomerId = 9, Category = "Delivery", Description = "Late", OpenedAt = Now.AddDays(-1) });
            await db.SaveChangesAsync();
        }

        var second = await job.RunAsync();

        Assert.Equal(1, second.NewHighChurn);
        await using var check = _database.Factory.CreateDbContext();
        var instance = await check.Set<WorkflowInstanceRecord>().SingleAsync(i => i.DefinitionId == "win-back");
        Assert.Equal("9", instance.CorrelationId);
        Assert.Equal(LifecycleStatus.AtRisk, (await check.Customers.SingleAsync()).Lifecycle);
    }

    [Fact]
    public async Task Run_TierChangesAfterBaseline_RaisesTierChangedForWorkflows()
    {
        await AddCustomerAsync(1, (10, 1_000m));
        var store = _services.GetRequiredService<WorkflowDefinitionStore>();
        await store.PublishAsync(DefinitionJson.Parse("""
            { "definitionId": "welcome-tier", "name": "Welcome to a new tier",
              "triggers": [{ "event": "customer.tierChanged" }],
              "activities": [ { "id": "start", "type": "core.start" },
                              { "id": "note", "type": "core.setVariable", "inputs": { "variable": "to", "value": { "expr": "input.to" } } } ],
              "connections": [ { "from": "start", "to": "note" } ] }
            """).Definition!);
        var job = _services.GetRequiredService<SegmentationJob>();
        var baseline = await job.RunAsync();
        await using (var db = _database.Factory.CreateDbContext())
        {
            db.Orders.Add(new Order { CustomerId = 1, OrderedAt = Now.AddDays(-1), Amount = 25_000m, Margin = 6_000m });
            await db.SaveChangesAsync();
        }

        var second = await job.RunAsync();

        Assert.Equal(0, baseline.EventsRaised);
        Assert.Equal(1, second.TierChanges);
        await using var check = _database.Factory.CreateDbContext();
        var instance = await check.Set<WorkflowInstanceRecord>().SingleAsync(i => i.DefinitionId == "welcome-tier");
        Assert.Equal("1", instance.CorrelationId);
        Assert.Contains("\"to\":\"Gold\"", instance.StateJson);
    }
}
