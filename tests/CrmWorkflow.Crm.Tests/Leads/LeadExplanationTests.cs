using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Leads;

namespace CrmWorkflow.Crm.Tests.Leads;

/// <summary>The routing explanation stored on a lead: "why did this lead come to me".</summary>
public sealed class LeadExplanationTests
{
    private static readonly DateTimeOffset Tuesday10 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private static ClientManager M(string id, string name) => new() { Id = id, Name = name, Regions = "East China", Industries = "Retail", LeadCapacity = 20 };

    [Fact]
    public void Write_RerouteWithQuotesAndAccents_EveryValueReadsBack()
    {
        var managers = new List<ClientManager> { M("cm-1", "Zoë O'Neil"), M("cm-2", "李 明 \"Lee\"") };
        var rule = new RoutingRule { Name = "standard", Strategy = RoutingStrategy.RoundRobin };
        var decision = LeadRouter.Route(new Lead { Id = 1, PersonName = "P", Region = "East China", Industry = "Retail" }, rule, managers,
            new RoutingSituation(Tuesday10, new HashSet<string>(), new Dictionary<long, CrmWorkflow.Engine.Timers.BusinessCalendar>(),
                new HashSet<string> { "cm-0" }, false, true, 0));

        var written = LeadExplanation.Write(rule, "named by the workflow", decision, ["cm-0"], "cm-0", Tuesday10);

        var why = JsonNode.Parse(written)!.AsObject();
        Assert.Equal(("standard", "roundRobin", "cm-0"), ((string?)why["rule"], (string?)why["strategy"], (string?)why["reroutedFrom"]));
        Assert.Equal(Tuesday10, why["at"]!.GetValue<DateTimeOffset>());
        Assert.Null(why["queue"]);
        var candidates = why["candidates"]!.AsArray();
        Assert.Equal(["Zoë O'Neil", "李 明 \"Lee\""], candidates.Select(c => (string?)c!["name"]));
        var chosen = Assert.Single(candidates, c => (bool)c!["chosen"]!);
        Assert.Equal((string?)why["manager"], (string?)chosen!["id"]);
        Assert.Equal(["cm-0", (string)why["manager"]!], why["tried"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(LeadExplanation.Tried(new Lead { RoutingExplanation = written }), why["tried"]!.AsArray().Select(t => (string)t!));
    }
}
