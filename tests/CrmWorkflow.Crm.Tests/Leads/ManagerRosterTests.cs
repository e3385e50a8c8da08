using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Crm.Features.Managers;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Leads;

/// <summary>
/// Routing keeps the managers in memory (ManagerRoster) yet every lead sees every change made
/// before it, through the app or behind its back, and the managers' current load.
/// </summary>
public sealed class ManagerRosterTests
{
    private static readonly DateTimeOffset Monday10 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private const string Region = "East China";

    private static ClientManager Manager(int i, string region = Region) => new()
    {
        Id = $"cm-{i:0000}", Name = $"Manager {i}", Email = $"m{i}@example.com", Regions = region, Industries = "Retail",
        Seniority = Seniority.Junior, LeadCapacity = 100,
    };

    private static async Task<LeadView> RouteAsync(CrmProcessHost host, int i)
    {
        var result = await host.Services.GetRequiredService<CreateLeadHandler>().HandleAsync(
            new($"Person {i}", $"Company {i}", null, null, Region, "Retail", 10, "Web", null, 1000, 10));
        Assert.Empty(result.Problems);
        return (await host.Services.GetRequiredService<GetLeadHandler>().GetAsync(result.LeadId!.Value, LeadAccess.All))!;
    }

    /// <summary>The four kinds of change, made through the app's own handlers or with SQL from another connection.</summary>
    private interface IEdits
    {
        Task AwayAsync(string id);
        Task CapacityAsync(string id, int capacity);
        Task IntoRegionAsync(string id);
        Task DeactivateAsync(string id);
    }

    private sealed class AppEdits(CrmProcessHost host) : IEdits
    {
        private T Handler<T>() where T : notnull => host.Services.GetRequiredService<T>();
        public Task AwayAsync(string id) => Handler<RecordOutOfOfficeHandler>().HandleAsync(new(id, Monday10.AddHours(-1), Monday10.AddDays(3), "leave"));
        public Task CapacityAsync(string id, int capacity) => Handler<SetManagerCapacityHandler>().HandleAsync(new(id, capacity, null));
        public Task IntoRegionAsync(string id) => Handler<CreateManagerHandler>().HandleAsync(
            new(id, "New Manager", null, [Region], ["Retail"], null, null, "Junior", 100, 10, null, null));
        public Task DeactivateAsync(string id) => Handler<SetManagerCapacityHandler>().HandleAsync(new(id, null, null, IsActive: false));
    }

    private sealed class SqlEdits(CrmProcessHost host) : IEdits
    {
        // Times stored as the model stores them on SQLite (DateTimeOffsetToBinaryConverter).
        public Task AwayAsync(string id) => Exec($"INSERT INTO OutOfOffice (ManagerId, \"From\", \"To\", Reason) VALUES ('{id}', {Stored(Monday10.AddHours(-1))}, {Stored(Monday10.AddDays(3))}, 'leave')");
        public Task CapacityAsync(string id, int capacity) => Exec($"UPDATE ClientManagers SET LeadCapacity = {capacity} WHERE Id = '{id}'");
        public Task IntoRegionAsync(string id) => Exec($"UPDATE ClientManagers SET Regions = 'Head office, {Region}' WHERE Id = '{id}'");
        public Task DeactivateAsync(string id) => Exec($"UPDATE ClientManagers SET IsActive = 0 WHERE Id = '{id}'");

        private static object Stored(DateTimeOffset at) => new DateTimeOffsetToBinaryConverter().ConvertToProvider(at)!;

        private async Task Exec(string sql)
        {
            await using var connection = new SqliteConnection($"Data Source={host.Database.Path};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Route_ManagersChangedBetweenLeads_NextLeadSeesEachChange(bool bySql)
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10);
        await host.SeedAsync(Manager(1), Manager(2), Manager(3, region: "Head office"));
        IEdits edits = bySql ? new SqlEdits(host) : new AppEdits(host);
        Assert.Equal("cm-0001", (await RouteAsync(host, 1)).ManagerId);

        await edits.AwayAsync("cm-0002");
        var second = await RouteAsync(host, 2);
        Assert.Equal("cm-0001", second.ManagerId);
        Assert.Equal("skipped: out of office", Reason(second, "cm-0002"));

        await edits.CapacityAsync("cm-0001", 2);
        var third = await RouteAsync(host, 3);
        Assert.Equal("leads-unassigned", third.Queue);
        Assert.Equal("skipped: at capacity (2 of 2 open leads)", Reason(third, "cm-0001"));

        await edits.IntoRegionAsync(bySql ? "cm-0003" : "cm-0004");
        Assert.Equal(bySql ? "cm-0003" : "cm-0004", (await RouteAsync(host, 4)).ManagerId);

        await edits.DeactivateAsync(bySql ? "cm-0003" : "cm-0004");
        var fifth = await RouteAsync(host, 5);
        Assert.Equal("leads-unassigned", fifth.Queue);
        Assert.DoesNotContain(fifth.Explanation!["candidates"]!.AsArray(), c => (string?)c!["id"] == (bySql ? "cm-0003" : "cm-0004"));
    }

    [Fact]
    public async Task Route_NothingChanged_RosterReadOnceAndLoadCountedFromTheDatabase()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10);
        await host.SeedAsync(Manager(1), Manager(2));
        var roster = host.Services.GetRequiredService<ManagerRoster>();

        for (var i = 0; i < 10; i++) await RouteAsync(host, i);

        Assert.Equal(1, roster.Loads);
        await using var db = host.Db();
        Assert.Equal([5, 5], await db.ClientManagers.OrderBy(m => m.Id).Select(m => m.OpenLeads).ToListAsync());
    }

    [Fact]
    public async Task Route_OpenLeadsRaisedByAnotherProcess_CapacityHoldsWithoutReloadingTheRoster()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10);
        await host.SeedAsync(Manager(1), Manager(2));
        var roster = host.Services.GetRequiredService<ManagerRoster>();
        Assert.Equal("cm-0001", (await RouteAsync(host, 1)).ManagerId);

        await using (var db = host.Db())
            await db.Database.ExecuteSqlRawAsync("UPDATE ClientManagers SET OpenLeads = LeadCapacity WHERE Id = 'cm-0002'");
        var second = await RouteAsync(host, 2);

        Assert.Equal("cm-0001", second.ManagerId);
        Assert.Equal("skipped: at capacity (100 of 100 open leads)", Reason(second, "cm-0002"));
        Assert.Equal(1, roster.Loads);
    }

    [Fact]
    public async Task Pool_TwoLeads_EachGetsItsOwnCopiesWithEveryFieldOfTheManager()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10, importWorkflows: false);
        var full = Manager(1);
        (full.UserId, full.Skills, full.Languages, full.KeyAccounts, full.OpenLeads, full.Weight, full.Team, full.SupervisorId, full.KeyAccountCapacity)
            = ("user-1", "Cloud", "en", 3, 7, 2, "East", "cm-0002", 9);
        await host.SeedAsync(full, Manager(2));
        var roster = host.Services.GetRequiredService<ManagerRoster>();
        var rule = new RoutingRule { Name = "all", Strategy = RoutingStrategy.RoundRobin };
        var lead = new Lead { Region = Region };
        await using var db = host.Db();

        var first = (await roster.PoolAsync(db, rule, lead, null, Monday10, default))!.Value.Managers;
        var again = (await roster.PoolAsync(db, rule, lead, null, Monday10, default))!.Value.Managers;

        var stored = await db.ClientManagers.AsNoTracking().SingleAsync(m => m.Id == "cm-0001");
        var copy = first.Single(m => m.Id == "cm-0001");
        foreach (var property in typeof(ClientManager).GetProperties().Where(p => p.Name != nameof(ClientManager.OutOfOffice)))
            Assert.True(Equals(property.GetValue(stored), property.GetValue(copy)), property.Name);
        Assert.NotSame(copy, again.Single(m => m.Id == "cm-0001"));
    }

    private static string? Reason(LeadView lead, string managerId) =>
        (string?)lead.Explanation!["candidates"]!.AsArray().Single(c => (string?)c!["id"] == managerId)!["reason"];
}
