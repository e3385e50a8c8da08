using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Engine.Timers;

namespace CrmWorkflow.Crm.Tests.Leads;

/// <summary>The strategies and eligibility rules of lead routing, decided without a database.</summary>
public sealed class LeadRouterTests
{
    private static readonly DateTimeOffset Tuesday10 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static ClientManager M(string id, string regions = "East China", string industries = "Retail", string skills = "",
        int open = 0, int capacity = 20, int weight = 1, Seniority seniority = Seniority.Junior, long? calendar = null) => new()
    {
        Id = id, Name = id, Regions = regions, Industries = industries, Skills = skills, OpenLeads = open, LeadCapacity = capacity,
        Weight = weight, Seniority = seniority, CalendarId = calendar,
    };

    private static Lead L(string region = "East China", string industry = "Retail", string? product = null) =>
        new() { Id = 1, PersonName = "P", Region = region, Industry = industry, ProductInterest = product };

    private static RoutingSituation At(DateTimeOffset? now = null, bool workingHours = false, long position = 0,
        IReadOnlyDictionary<long, BusinessCalendar>? calendars = null, params string[] away) =>
        new(now ?? Tuesday10, away.ToHashSet(), calendars ?? new Dictionary<long, BusinessCalendar>(), new HashSet<string>(), workingHours, true, position);

    [Fact]
    public void Weighted_OverManyLeads_SharesFollowTheWeights()
    {
        var managers = new List<ClientManager> { M("a", weight: 1, capacity: 1000), M("b", weight: 3, capacity: 1000) };
        var rule = new RoutingRule { Name = "w", Strategy = RoutingStrategy.Weighted, Weights = new Dictionary<string, int> { ["a"] = 1, ["b"] = 3 } };
        for (var i = 0; i < 400; i++) LeadRouter.Route(L(), rule, managers, At()).Manager!.OpenLeads++;

        Assert.Equal((100, 300), (managers[0].OpenLeads, managers[1].OpenLeads));
    }

    [Fact]
    public void Weighted_ZeroWeight_NeverChosen()
    {
        var managers = new List<ClientManager> { M("a"), M("b") };
        var rule = new RoutingRule { Name = "w", Strategy = RoutingStrategy.Weighted, Weights = new Dictionary<string, int> { ["a"] = 0 } };

        Assert.All(Enumerable.Range(0, 5), _ => Assert.Equal("b", LeadRouter.Route(L(), rule, managers, At()).Manager!.Id));
    }

    [Fact]
    public void BestMatch_PrefersRegionIndustryAndProductSkill_AndSaysWhy()
    {
        var managers = new List<ClientManager>
        {
            M("region-only", industries: "Finance"),
            M("all-three", skills: "enterprise,crm", open: 5),
            M("elsewhere", regions: "Germany"),
        };
        var decision = LeadRouter.Route(L(product: "CRM suite"), new RoutingRule { Name = "b", Strategy = RoutingStrategy.BestMatch }, managers, At());

        Assert.Equal("all-three", decision.Manager!.Id);
        Assert.Contains("region, industry, product skill", decision.Candidates.Single(c => c.Chosen).Reason);
    }

    [Fact]
    public void Fixed_ManagerAway_NobodyChosenAndQueueOnlyRuleAlwaysQueues()
    {
        var managers = new List<ClientManager> { M("vip"), M("other") };

        var away = LeadRouter.Route(L(), new RoutingRule { Name = "f", Strategy = RoutingStrategy.Fixed, Manager = "vip" }, managers, At(away: "vip"));
        var queued = LeadRouter.Route(L(), new RoutingRule { Name = "q", Strategy = RoutingStrategy.Fixed, Queue = "key-accounts" }, managers, At());

        Assert.Null(away.Manager);
        Assert.Equal("skipped: out of office", Assert.Single(away.Candidates).Reason);
        Assert.Equal(("key-accounts", (ClientManager?)null), (queued.Queue, queued.Manager));
    }

    [Fact]
    public void WorkingHours_WhenAsked_SkipsManagersOffDuty()
    {
        var calendars = new Dictionary<long, BusinessCalendar>
        {
            [1] = new() { TimeZone = "UTC", Start = "09:00", End = "17:00" },
            [2] = new() { TimeZone = "Asia/Shanghai", Start = "09:00", End = "18:00" },
        };
        var managers = new List<ClientManager> { M("shanghai", calendar: 2), M("london", calendar: 1) };
        var rule = new RoutingRule { Name = "rr", Strategy = RoutingStrategy.RoundRobin };

        // 10:00 UTC is 18:00 in Shanghai: after hours there.
        var decision = LeadRouter.Route(L(), rule, managers, At(workingHours: true, calendars: calendars));
        var ignoringHours = LeadRouter.Route(L(), rule, managers, At(workingHours: false, calendars: calendars));

        Assert.Equal("london", decision.Manager!.Id);
        Assert.Equal("skipped: outside working hours", decision.Candidates.Single(c => c.ManagerId == "shanghai").Reason);
        Assert.Equal("london", ignoringHours.Manager!.Id); // "london" sorts first in the rotation
    }

    [Fact]
    public void RoundRobin_ManagerBackFromLeave_TakesTheirTurnWhereTheyWere()
    {
        var managers = new List<ClientManager> { M("a"), M("b"), M("c") };
        var rule = new RoutingRule { Name = "rr", Strategy = RoutingStrategy.RoundRobin };

        var whileAway = LeadRouter.Route(L(), rule, managers, At(position: 1, away: "b"));
        var back = LeadRouter.Route(L(), rule, managers, At(position: 1));

        Assert.Equal(("c", 3L), (whileAway.Manager!.Id, whileAway.NewPosition!.Value));
        Assert.Equal(("b", 2L), (back.Manager!.Id, back.NewPosition!.Value));
    }

    [Fact]
    public void Rule_Problems_NameTheField()
    {
        var problems = new RoutingRule { Name = "", Strategy = "random", MinSeniority = "Boss", MinScore = 80, MaxScore = 20 }.Problems().ToList();

        Assert.Equal(["minScore", "minSeniority", "name", "strategy"], problems.Select(p => p.Field).Order());
    }
}
