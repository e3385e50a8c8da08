using System.Security.Cryptography;
using System.Text;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Seeding;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CrmWorkflow.Crm.Tests.Seeding;

public sealed class CrmDataGeneratorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private static async Task<(string Hash, SeedReport Report)> GenerateAsync(int seed, int customers = 300)
    {
        using var database = new CrmDatabase();
        var generator = new CrmDataGenerator(database.Factory, new FakeTimeProvider(Now));
        var report = await generator.GenerateAsync(new SeedOptions { Customers = customers, Seed = seed, Now = Now });
        await using var db = database.Factory.CreateDbContext();
        // A fingerprint of what a user would see: every customer, order and complaint as stored.
        var text = new StringBuilder();
        foreach (var c in await db.Customers.OrderBy(c => c.Id).ToListAsync())
            text.Append($"{c.Id}|{c.Name}|{c.Region}|{c.Industry}|{c.Kind}|{c.ManagerId}|{c.CreatedAt:O}\n");
        foreach (var o in await db.Orders.OrderBy(o => o.Id).ToListAsync())
            text.Append($"{o.Id}|{o.CustomerId}|{o.OrderedAt:O}|{o.Amount}|{o.Margin}\n");
        foreach (var k in await db.Complaints.OrderBy(k => k.Id).ToListAsync())
            text.Append($"{k.Id}|{k.CustomerId}|{k.Status}|{k.Severity}|{k.ResolutionDueAt:O}\n");
        return (Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))), report);
    }

    [Fact]
    public async Task Generate_SameSeedTwice_GivesTheSameData()
    {
        var first = await GenerateAsync(seed: 7);
        var second = await GenerateAsync(seed: 7);

        Assert.Equal(first.Hash, second.Hash);
        Assert.Equal(first.Report.RowsPerTable, second.Report.RowsPerTable);
    }

    [Fact]
    public async Task Generate_OtherSeed_GivesOtherData()
    {
        var first = await GenerateAsync(seed: 7);
        var other = await GenerateAsync(seed: 8);

        Assert.NotEqual(first.Hash, other.Hash);
    }

    [Fact]
    public async Task Generate_ManagersLoad_MatchesTheOpenLeadsTheyHold()
    {
        using var database = new CrmDatabase();
        var generator = new CrmDataGenerator(database.Factory, new FakeTimeProvider(Now));

        await generator.GenerateAsync(new SeedOptions { Customers = 300, Now = Now });

        // Least-loaded routing and capacity checks read this counter: it must not start at zero.
        await using var db = database.Factory.CreateDbContext();
        var held = (await db.Leads.Where(l => l.AssignedManagerId != null && Lead.OpenStatuses.Contains(l.Status)).Select(l => l.AssignedManagerId!).ToListAsync())
            .GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var managers = await db.ClientManagers.ToListAsync();
        Assert.Contains(managers, m => m.OpenLeads > 0);
        Assert.All(managers, m => Assert.Equal(held.GetValueOrDefault(m.Id), m.OpenLeads));
    }

    [Fact]
    public async Task RecountAfterTiering_KeyAccountCounter_IsTheManagersGoldDiamondAndKeyAccounts()
    {
        using var database = new CrmDatabase();
        await new CrmDataGenerator(database.Factory, new FakeTimeProvider(Now)).GenerateAsync(new SeedOptions { Customers = 200, Now = Now });
        await using var db = database.Factory.CreateDbContext();
        // Tiers arrive later (segmentation), as in the demo: promote some, flag some as key accounts.
        await db.Customers.Where(c => c.Id % 5 == 0).ExecuteUpdateAsync(u => u.SetProperty(c => c.Tier, CustomerTier.Gold));
        await db.Customers.Where(c => c.Id % 7 == 0).ExecuteUpdateAsync(u => u.SetProperty(c => c.Tier, CustomerTier.Diamond));
        await db.Customers.Where(c => c.Id % 11 == 0).ExecuteUpdateAsync(u => u.SetProperty(c => c.IsKeyAccount, true));

        await CrmWorkflow.Crm.Features.Managers.ManagerCounters.RecountAsync(db);

        var dedicated = (await db.Customers.Where(c => c.ManagerId != null && (c.IsKeyAccount || c.Tier == CustomerTier.Gold || c.Tier == CustomerTier.Diamond))
            .Select(c => c.ManagerId!).ToListAsync()).GroupBy(id => id).ToDictionary(g => g.Key, g => g.Count());
        var managers = await db.ClientManagers.AsNoTracking().ToListAsync();
        Assert.Contains(managers, m => m.KeyAccounts > 0);
        Assert.All(managers, m => Assert.Equal(dedicated.GetValueOrDefault(m.Id), m.KeyAccounts));
    }

    [Fact]
    public async Task Generate_DemoSize_CoversEveryComplaintAndLeadStateAndTheMethodology()
    {
        using var database = new CrmDatabase();
        var generator = new CrmDataGenerator(database.Factory, new FakeTimeProvider(Now));

        await generator.GenerateAsync(new SeedOptions { Customers = 500, Now = Now });

        await using var db = database.Factory.CreateDbContext();
        Assert.Equal(500, await db.Customers.CountAsync());
        Assert.Equal(40, await db.ClientManagers.CountAsync());
        Assert.Equal(Enum.GetValues<ComplaintStatus>().Length, await db.Complaints.Select(c => c.Status).Distinct().CountAsync());
        Assert.Equal(Enum.GetValues<LeadStatus>().Length, await db.Leads.Select(l => l.Status).Distinct().CountAsync());
        Assert.Equal(2, await db.RolloutProjects.CountAsync());
        Assert.Equal(20, await db.ChecklistItems.CountAsync());
        Assert.Equal(14, await db.RolloutStages.CountAsync());
        // A year of orders: some in every month of the last twelve.
        var orders = await db.Orders.Select(o => o.OrderedAt).ToListAsync();
        Assert.Equal(12, orders.Where(o => o >= Now.AddYears(-1)).Select(o => o.Month).Distinct().Count());
        // Seasonality: December busier than February.
        Assert.True(orders.Count(o => o.Month == 12) > orders.Count(o => o.Month == 2));
        // Complaints waiting on the customer have their SLA clock paused.
        var waiting = await db.Complaints.Where(c => c.Status == ComplaintStatus.WaitingOnCustomer).ToListAsync();
        Assert.NotEmpty(waiting);
        Assert.All(waiting, c => Assert.NotNull(CrmWorkflow.Crm.Features.Complaints.SlaRules.PausedSince(c)));
        // Mail to a manager must never reach a customer or contact.
        var staff = await db.ClientManagers.Select(m => m.Email).ToListAsync();
        var outside = (await db.Customers.Select(c => c.Email).ToListAsync()).Concat(await db.Contacts.Select(c => c.Email).ToListAsync()).ToHashSet();
        Assert.DoesNotContain(staff, outside.Contains);
    }

    [Fact]
    public async Task Generate_IntoCrmWithCustomers_IsRefused()
    {
        using var database = new CrmDatabase();
        var generator = new CrmDataGenerator(database.Factory, new FakeTimeProvider(Now));
        await generator.GenerateAsync(new SeedOptions { Customers = 20, Now = Now });

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => generator.GenerateAsync(new SeedOptions { Customers = 20, Now = Now }));

        Assert.Contains("already has customers", ex.Message);
    }
}
