using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Leads;

/// <summary>The shipped lead-routing workflow, end to end on a real database.</summary>
public sealed class LeadRoutingTests
{
    private static readonly DateTimeOffset Monday10 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private const string Region = "East China";

    private static ClientManager Manager(int i, int capacity = 100, string region = Region, string? supervisor = "cm-boss") => new()
    {
        Id = $"cm-{i:0000}", Name = $"Manager {i}", Email = $"m{i}@example.com", Regions = region, Industries = "Retail",
        Seniority = Seniority.Junior, LeadCapacity = capacity, SupervisorId = supervisor,
    };

    private static ClientManager Boss => new()
    {
        Id = "cm-boss", Name = "Sales Supervisor", Email = "boss@example.com", Regions = "Head office", Seniority = Seniority.Principal,
    };

    private static CreateLeadCommand NewLead(int i, int size = 10, string region = Region) =>
        new($"Person {i}", $"Company {i}", null, null, region, "Retail", size, "Web", null, 1000, 10);

    private static async Task<long> CreateAsync(CrmProcessHost host, CreateLeadCommand command)
    {
        var result = await host.Services.GetRequiredService<CreateLeadHandler>().HandleAsync(command);
        Assert.Empty(result.Problems);
        return result.LeadId!.Value;
    }

    [Fact]
    public async Task RoundRobin_1000LeadsOver50EligibleManagers_EachGets20AndTheAbsentOneNone()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10);
        var managers = Enumerable.Range(1, 51).Select(i => Manager(i)).ToList();
        await host.SeedAsync([Boss, .. managers, new OutOfOffice { ManagerId = "cm-0007", From = Monday10.AddDays(-1), To = Monday10.AddDays(7), Reason = "leave" }]);

        for (var i = 0; i < 1000; i++) await CreateAsync(host, NewLead(i));

        await using var db = host.Db();
        var leads = await db.Leads.AsNoTracking().ToListAsync();
        var perManager = leads.GroupBy(l => l.AssignedManagerId).ToDictionary(g => g.Key ?? "(none)", g => g.Count());
        Assert.Equal(50, perManager.Count);
        Assert.All(perManager.Values, count => Assert.Equal(20, count));
        Assert.False(perManager.ContainsKey("cm-0007"));
        Assert.All(await db.ClientManagers.Where(m => m.Id != "cm-0007" && m.Id != "cm-boss").ToListAsync(), m => Assert.Equal(20, m.OpenLeads));
        foreach (var lead in leads)
        {
            var explanation = JsonNode.Parse(lead.RoutingExplanation!)!;
            Assert.Equal("standard", (string?)explanation["rule"]);
            Assert.Equal(lead.AssignedManagerId, (string?)explanation["manager"]);
            var candidates = explanation["candidates"]!.AsArray();
            Assert.Equal(51, candidates.Count);
            Assert.Equal("skipped: out of office", (string?)candidates.Single(c => (string?)c!["id"] == "cm-0007")!["reason"]);
            Assert.Single(candidates, c => (bool)c!["chosen"]!);
        }
        Assert.Equal(1000, (await host.MessagesAsync("lead-assigned")).Count);
        Assert.Equal(1000, await db.Set<HumanTaskRecord>().CountAsync(t => t.Status == HumanTaskStatus.Open && t.Assignee != null));
    }

    [Fact]
    public async Task LeastLoaded_MoreLeadsThanCapacity_NobodyOverCapacityAndTheRestQueuedWithSupervisorTold()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10);
        // Capacities 15..24: 975 places for 1,000 enterprise-size leads.
        var managers = Enumerable.Range(1, 50).Select(i => Manager(i, capacity: 15 + i % 10)).ToList();
        await host.SeedAsync([Boss, .. managers]);

        for (var i = 0; i < 1000; i++) await CreateAsync(host, NewLead(i, size: 800));

        await using var db = host.Db();
        foreach (var m in await db.ClientManagers.Where(m => m.Id != "cm-boss").ToListAsync())
        {
            Assert.Equal(m.LeadCapacity, m.OpenLeads);
            Assert.Equal(m.LeadCapacity, await db.Leads.CountAsync(l => l.AssignedManagerId == m.Id));
        }
        var queued = await db.Leads.Where(l => l.AssignedManagerId == null).ToListAsync();
        Assert.Equal(25, queued.Count);
        Assert.All(queued, l =>
        {
            Assert.Equal("leads-unassigned", l.Queue);
            var explanation = JsonNode.Parse(l.RoutingExplanation!)!;
            Assert.Equal("enterprise", (string?)explanation["rule"]);
            Assert.All(explanation["candidates"]!.AsArray(), c => Assert.StartsWith("skipped: at capacity", (string?)c!["reason"]));
        });
        var notices = await host.MessagesAsync("lead-unassigned");
        Assert.Equal(25, notices.Count);
        Assert.All(notices, n => Assert.Equal("boss@example.com", n.Recipient));
        Assert.Equal(25, await db.Set<HumanTaskRecord>().CountAsync(t => t.Queue == "leads-unassigned" && t.Status == HumanTaskStatus.Open));
    }

    [Fact]
    public async Task Route_NoManagerInRegion_LeadWaitsInFallbackQueueAndSalesDeskIsTold()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10);
        await host.SeedAsync(Manager(1));

        var id = await CreateAsync(host, NewLead(1, region: "Antarctica"));

        var view = await host.Services.GetRequiredService<GetLeadHandler>().GetAsync(id, LeadAccess.All);
        Assert.Null(view!.ManagerId);
        Assert.Equal("leads-unassigned", view.Queue);
        Assert.Contains("no manager is in the rule's pool", (string?)view.Explanation!["summary"]);
        var notice = Assert.Single(await host.MessagesAsync("lead-unassigned"));
        Assert.Equal("sales-desk@crmworkflow.local", notice.Recipient);
    }

    [Fact]
    public async Task FirstContact_NotDoneInFourHours_ReroutesToNextManagerAndTellsSupervisor()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10);
        await host.SeedAsync(Boss, Manager(1), Manager(2), Manager(3));
        var id = await CreateAsync(host, NewLead(1));
        var first = (await host.Services.GetRequiredService<GetLeadHandler>().GetAsync(id, LeadAccess.All))!;
        Assert.Equal("cm-0001", first.ManagerId);
        Assert.Equal(Monday10.AddHours(4), first.FirstContactDueAt);

        await host.AdvanceAsync(TimeSpan.FromHours(4));

        var after = (await host.Services.GetRequiredService<GetLeadHandler>().GetAsync(id, LeadAccess.All))!;
        Assert.Equal("cm-0002", after.ManagerId);
        Assert.Equal(2, after.RoutingAttempts);
        Assert.Equal("cm-0001", (string?)after.Explanation!["reroutedFrom"]);
        Assert.Equal("skipped: already had this lead", (string?)after.Explanation["candidates"]!.AsArray().Single(c => (string?)c!["id"] == "cm-0001")!["reason"]);
        await using var db = host.Db();
        var tasks = await db.Set<HumanTaskRecord>().OrderBy(t => t.CreatedAt).ToListAsync();
        Assert.Equal(2, tasks.Count);
        Assert.Equal(("cm-0001", HumanTaskStatus.Cancelled), (tasks[0].Assignee, tasks[0].Status));
        Assert.Equal(("cm-0002", HumanTaskStatus.Open), (tasks[1].Assignee, tasks[1].Status));
        Assert.Equal(0, (await db.ClientManagers.FindAsync("cm-0001"))!.OpenLeads);
        Assert.Equal(1, (await db.ClientManagers.FindAsync("cm-0002"))!.OpenLeads);
        var overdue = Assert.Single(await host.MessagesAsync("first-contact-overdue"));
        Assert.Equal("boss@example.com", overdue.Recipient);
        Assert.Contains("reassigned to Manager 2", overdue.Body);
        Assert.Equal(["m1@example.com", "m2@example.com"], (await host.MessagesAsync("lead-assigned")).Select(m => m.Recipient));
    }

    [Fact]
    public async Task ManagerDeactivated_BeforeFirstContact_LeadsReroutedAtOnceAndSupervisorToldWhy()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10);
        await host.SeedAsync(Boss, Manager(1), Manager(2), Manager(3));
        var leads = new List<long>();
        for (var i = 0; i < 3; i++) leads.Add(await CreateAsync(host, NewLead(i)));
        var leaving = (await host.Services.GetRequiredService<GetLeadHandler>().GetAsync(leads[0], LeadAccess.All))!.ManagerId;

        host.Clock.Advance(TimeSpan.FromMinutes(30));
        var result = await host.Services.GetRequiredService<CrmWorkflow.Crm.Features.Managers.DeactivateManagerHandler>()
            .HandleAsync(new(leaving!, "left the company", null, "admin@demo.local"));

        // Not four hours later: at once, and never back to the manager who left.
        Assert.Equal(1, result.Summary!.TasksEscalated);
        Assert.Equal(0, result.Summary.OpenLeads);
        var moved = (await host.Services.GetRequiredService<GetLeadHandler>().GetAsync(leads[0], LeadAccess.All))!;
        Assert.NotEqual(leaving, moved.ManagerId);
        Assert.NotNull(moved.ManagerId);
        Assert.Equal(leaving, (string?)moved.Explanation!["reroutedFrom"]);
        Assert.Equal(Monday10.AddMinutes(30).AddHours(4), moved.FirstContactDueAt);
        await using var db = host.Db();
        Assert.Equal(0, (await db.ClientManagers.FindAsync(leaving))!.OpenLeads);
        Assert.Empty(await db.Set<HumanTaskRecord>().Where(t => t.Assignee == leaving && t.Status == HumanTaskStatus.Open).ToListAsync());
        var notice = Assert.Single(await host.MessagesAsync("first-contact-overdue"));
        Assert.StartsWith("Lead taken from a deactivated manager", notice.Subject);
        Assert.Contains("was deactivated before contacting lead Person 0", notice.Body);
        Assert.DoesNotContain("did not contact", notice.Body);
    }

    [Fact]
    public async Task FirstContact_Completed_LeadContactedOrDisqualifiedFreesCapacity()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10);
        await host.SeedAsync(Boss, Manager(1));
        var contacted = await CreateAsync(host, NewLead(1));
        var dropped = await CreateAsync(host, NewLead(2));
        await using (var db = host.Db())
        {
            string TaskOf(long lead) => db.Set<HumanTaskRecord>().Join(db.Set<WorkflowInstanceRecord>(), t => t.InstanceId, i => i.Id, (t, i) => new { t.Id, i.CorrelationId })
                .Single(x => x.CorrelationId == lead.ToString()).Id;
            Assert.Equal(2, (await db.ClientManagers.FindAsync("cm-0001"))!.OpenLeads);
            host.Clock.Advance(TimeSpan.FromMinutes(30));
            await host.Runtime.CompleteTaskAsync(TaskOf(contacted), "contacted", new JsonObject { ["channel"] = "Phone" }, "cm-0001");
            await host.Runtime.CompleteTaskAsync(TaskOf(dropped), "disqualified", new JsonObject { ["channel"] = "Email", ["notes"] = "no budget" }, "cm-0001");
        }

        await using var check = host.Db();
        var first = await check.Leads.FindAsync(contacted);
        Assert.Equal((LeadStatus.Contacted, Monday10.AddMinutes(30)), (first!.Status, first.ContactedAt));
        Assert.Equal(LeadStatus.Disqualified, (await check.Leads.FindAsync(dropped))!.Status);
        Assert.Equal(1, (await check.ClientManagers.FindAsync("cm-0001"))!.OpenLeads);
        await host.AdvanceAsync(TimeSpan.FromHours(5));
        Assert.Empty(await host.MessagesAsync("first-contact-overdue"));
    }

    [Fact]
    public async Task Publish_RoutingRuleWithUnknownStrategy_RefusedAtTheRulesPath()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10, importWorkflows: false);
        var definition = CrmWorkflow.Engine.Model.DefinitionJson.Parse("""
            {
              "definitionId": "bad-routing", "name": "Bad routing",
              "activities": [
                { "id": "start", "type": "core.start" },
                { "id": "route", "type": "crm.routeLead", "inputs": { "lead": 1, "rules": [
                    { "name": "a", "strategy": "roundRobin" }, { "name": "a", "strategy": "coinFlip", "when": "lead.score >" } ] } }
              ],
              "connections": [ { "from": "start", "to": "route" } ]
            }
            """).Definition!;

        var refused = await Assert.ThrowsAsync<CrmWorkflow.Engine.Persistence.DefinitionInvalidException>(() =>
            host.Services.GetRequiredService<CrmWorkflow.Engine.Persistence.WorkflowDefinitionStore>().PublishAsync(definition));

        var paths = refused.Problems.Select(p => p.Path).ToList();
        Assert.Contains("$.activities[1].inputs.rules[1].strategy", paths);
        Assert.Contains("$.activities[1].inputs.rules[1].name", paths);
        Assert.Contains("$.activities[1].inputs.rules[1].when", paths);
    }
}
