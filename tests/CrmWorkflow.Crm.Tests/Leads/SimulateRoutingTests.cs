using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Leads;

/// <summary>The lead-routing what-if on a real database with leads the shipped workflow routed.</summary>
public sealed class SimulateRoutingTests
{
    private static readonly DateTimeOffset Monday10 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private const string Region = "East China";

    private static ClientManager Manager(int i, int openLeads = 0) => new()
    {
        Id = $"cm-{i:0000}", Name = $"Manager {i}", Email = $"m{i}@example.com", Regions = Region, Industries = "Retail",
        Seniority = Seniority.Junior, LeadCapacity = 100, OpenLeads = openLeads,
    };

    /// <summary>Four managers (the first already busy with 5 older leads) and 12 standard leads routed live, 10 minutes apart.</summary>
    private static async Task<CrmProcessHost> HostWithRoutedLeadsAsync()
    {
        var host = await CrmProcessHost.StartAsync(Monday10);
        await host.SeedAsync(Manager(1, openLeads: 5), Manager(2), Manager(3), Manager(4));
        var create = host.Services.GetRequiredService<CreateLeadHandler>();
        for (var i = 0; i < 12; i++)
        {
            var result = await create.HandleAsync(new CreateLeadCommand($"Person {i}", $"Company {i}", null, null, Region, "Retail", 10, "Web", null, 1000, 10));
            Assert.Empty(result.Problems);
            host.Clock.Advance(TimeSpan.FromMinutes(10));
        }
        return host;
    }

    private static async Task SaveDraftAsync(CrmProcessHost host, Action<JsonObject> change)
    {
        var store = host.Services.GetRequiredService<WorkflowDefinitionStore>();
        var json = JsonNode.Parse(DefinitionJson.Serialize((await store.GetAsync("lead-routing"))!))!.AsObject();
        change(json);
        var saved = await store.SaveDraftAsync(DefinitionJson.Parse(json.ToJsonString()).Definition!);
        Assert.True(saved.Problems.Count == 0, string.Join("; ", saved.Problems));
    }

    private static JsonObject StandardRule(JsonObject definition) =>
        definition["activities"]!.AsArray().Single(a => (string?)a!["id"] == "route")!["inputs"]!["rules"]!.AsArray()
            .Single(r => (string?)r!["name"] == "standard")!.AsObject();

    private static Task<(RoutingSimulation? Result, SimulationRefusal? Refusal)> SimulateAsync(CrmProcessHost host, int days = 7) =>
        host.Services.GetRequiredService<SimulateRoutingHandler>().RunAsync(new SimulateRoutingRequest(days));

    [Fact]
    public async Task Simulate_DraftSwitchesRoundRobinToLeastLoaded_BusyManagerGetsNoneAndOwnersChange()
    {
        await using var host = await HostWithRoutedLeadsAsync();
        await SaveDraftAsync(host, d => StandardRule(d)["strategy"] = "leastLoaded");

        var (result, refusal) = await SimulateAsync(host);

        Assert.Null(refusal);
        Assert.Null(result!.Published.Problem);
        Assert.Null(result.Draft.Problem);
        Assert.Equal(12, result.Leads);
        var byId = result.Managers.ToDictionary(m => m.Id);
        Assert.All(byId.Values, m => Assert.Equal(3, m.PublishedLeads));
        Assert.Equal([0, 4, 4, 4], byId.Values.OrderBy(m => m.Id).Select(m => m.DraftLeads));
        Assert.Equal(5, byId["cm-0001"].DraftLoad);
        Assert.Equal(8, byId["cm-0001"].PublishedLoad);
        Assert.All(result.Changes, c => Assert.Equal(("standard", "standard"), (c.PublishedRule, c.DraftRule)));
        Assert.Equal(3, result.Changes.Count(c => c.PublishedOwner == "cm-0001"));
        // The published replay puts every lead where the live workflow did.
        await using var db = host.Db();
        var live = await db.Leads.AsNoTracking().ToDictionaryAsync(l => l.Id, l => l.AssignedManagerId);
        var changedTo = result.Changes.ToDictionary(c => c.LeadId, c => c.PublishedOwner);
        Assert.All(changedTo, c => Assert.Equal(live[c.Key], c.Value));
        Assert.Equal(12, result.Published.Assigned);
        Assert.Equal(0, result.Draft.Queued);
    }

    [Fact]
    public async Task Simulate_ManagerOutOfOffice_NoLeadReplayedToThemUnderEitherVersion()
    {
        await using var host = await HostWithRoutedLeadsAsync();
        await host.SeedAsync(new OutOfOffice { ManagerId = "cm-0002", From = Monday10.AddDays(-3), To = Monday10.AddDays(7), Reason = "leave" });
        await SaveDraftAsync(host, d => StandardRule(d)["strategy"] = "leastLoaded");

        var (result, _) = await SimulateAsync(host);

        var away = result!.Managers.Single(m => m.Id == "cm-0002");
        Assert.Equal((0, 0), (away.PublishedLeads, away.DraftLeads));
        Assert.Equal(12, result.Published.Assigned);
        Assert.Equal(12, result.Draft.Assigned);
        Assert.Contains(result.Changes, c => c.PublishedOwner != "cm-0002" && c.DraftOwner != "cm-0002");
    }

    [Fact]
    public async Task Simulate_Run_WritesNothing()
    {
        await using var host = await HostWithRoutedLeadsAsync();
        await SaveDraftAsync(host, d => StandardRule(d)["strategy"] = "leastLoaded");
        var before = await FingerprintAsync(host);

        var (result, _) = await SimulateAsync(host, days: 30);

        Assert.NotEmpty(result!.Changes);
        Assert.Equal(before, await FingerprintAsync(host));
    }

    [Fact]
    public async Task Simulate_NoDraftOrBadDays_Refused()
    {
        await using var host = await HostWithRoutedLeadsAsync();

        var (_, noDraft) = await SimulateAsync(host);
        var (_, badDays) = await SimulateAsync(host, days: 0);

        Assert.Equal(409, noDraft!.Status);
        Assert.Equal((400, "$.days"), (badDays!.Status, badDays.Path));
    }

    [Fact]
    public async Task Simulate_DraftCallsHttpBeforeRouting_SaysItCannotBeSimulated()
    {
        await using var host = await HostWithRoutedLeadsAsync();
        await SaveDraftAsync(host, d =>
        {
            d["activities"]!.AsArray().Add(new JsonObject
            {
                ["id"] = "askScoring", ["type"] = "core.httpRequest", ["inputs"] = new JsonObject { ["url"] = "https://scoring.example.com/" },
            });
            var connections = d["connections"]!.AsArray();
            connections.Single(c => (string?)c!["from"] == "enrich")!["to"] = "askScoring";
            connections.Add(new JsonObject { ["from"] = "askScoring", ["port"] = "success", ["to"] = "pickRule" });
            connections.Add(new JsonObject { ["from"] = "askScoring", ["port"] = "failure", ["to"] = "pickRule" });
        });

        var (result, _) = await SimulateAsync(host);

        Assert.Null(result!.Published.Problem);
        Assert.Contains("askScoring", result.Draft.Problem);
        Assert.Empty(result.Changes);
    }

    private static async Task<string> FingerprintAsync(CrmProcessHost host)
    {
        await using var db = host.Db();
        var state = new
        {
            Leads = await db.Leads.AsNoTracking().OrderBy(l => l.Id).Select(l => new { l.Id, l.AssignedManagerId, l.Queue, l.Status, l.RoutingExplanation }).ToListAsync(),
            Managers = await db.ClientManagers.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.Id, m.OpenLeads }).ToListAsync(),
            Pointers = await db.RoutingPointers.AsNoTracking().OrderBy(p => p.Key).Select(p => new { p.Key, p.Position, p.LastManagerId }).ToListAsync(),
            Instances = await db.Set<WorkflowInstanceRecord>().CountAsync(),
            Tasks = await db.Set<HumanTaskRecord>().CountAsync(),
            Messages = await db.OutboundMessages.CountAsync(),
        };
        return JsonSerializer.Serialize(state);
    }
}
