using System.Net;
using System.Text.Json.Nodes;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>POST /api/workflows/lead-routing/simulate: who may run it and what bad requests get back.</summary>
public sealed class RoutingSimulationTests(WebAppFixture app) : ApiTest(app)
{
    private const string Url = "/api/workflows/lead-routing/simulate";

    [Fact]
    public async Task Simulate_DaysOutOfRangeOrWrongType_Answers400WithPath()
    {
        await App.PublishShippedAsync("lead-routing");
        var analyst = await App.AnalystAsync();

        var zero = await (await analyst.PostJsonAsync(Url, """{ "days": 0 }""")).ExpectAsync(HttpStatusCode.BadRequest);
        var text = await (await analyst.PostJsonAsync(Url, """{ "days": "week" }""")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.True(zero!["errors"]!.AsObject().ContainsKey("$.days"));
        Assert.True(text!["errors"]!.AsObject().ContainsKey("$.days"));
    }

    [Fact]
    public async Task Simulate_NoDraft_Answers409()
    {
        await App.PublishShippedAsync("lead-routing");
        var analyst = await App.AnalystAsync();

        var problem = await (await analyst.PostJsonAsync(Url, """{ "days": 7 }""")).ExpectAsync(HttpStatusCode.Conflict);

        Assert.Contains("no draft", problem!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Simulate_ClientManagerOrConsultant_Answers403()
    {
        var manager = await App.ManagerAsync();
        var consultant = await App.ConsultantAsync();

        await (await manager.PostJsonAsync(Url, """{ "days": 7 }""")).ExpectAsync(HttpStatusCode.Forbidden);
        await (await consultant.PostJsonAsync(Url, """{ "days": 7 }""")).ExpectAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Simulate_WithDraft_AnswersBothVersionsSideBySide()
    {
        await App.PublishShippedAsync("lead-routing");
        var analyst = await App.AnalystAsync();
        var current = await (await analyst.GetAsync("/api/workflows/lead-routing")).ExpectAsync(HttpStatusCode.OK);
        var definition = current!["definition"]!.AsObject();
        var rules = definition["activities"]!.AsArray().Single(a => (string?)a!["id"] == "route")!["inputs"]!["rules"]!.AsArray();
        rules.Single(r => (string?)r!["name"] == "standard")!["strategy"] = "leastLoaded";
        await (await analyst.PutJsonAsync("/api/workflows/lead-routing", definition.ToJsonString())).ExpectAsync(HttpStatusCode.OK);

        var result = await (await analyst.PostJsonAsync(Url, """{ "days": 30 }""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(1, result!["published"]!["version"]!.GetValue<int>());
        Assert.Equal(2, result["draft"]!["version"]!.GetValue<int>());
        Assert.Null(result["draft"]!["problem"]);
        Assert.IsType<JsonArray>(result["managers"]);
        var bad = await (await analyst.PostJsonAsync(Url, """{ "days": 7, "draftVersion": 1 }""")).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True(bad!["errors"]!.AsObject().ContainsKey("$.draftVersion"));
        var total = result["changesTotal"]!.GetValue<int>();
        Assert.Equal(Math.Min(total, 500), result["changes"]!.AsArray().Count);
        Assert.True(total > 1, "Least loaded instead of round robin should move more than one demo lead.");
        var one = await (await analyst.PostJsonAsync(Url, """{ "days": 30, "changesLimit": 1 }""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Single(one!["changes"]!.AsArray());
        Assert.Equal(total, one["changesTotal"]!.GetValue<int>());
        var negative = await (await analyst.PostJsonAsync(Url, """{ "days": 7, "changesLimit": -1 }""")).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True(negative!["errors"]!.AsObject().ContainsKey("$.changesLimit"));
    }
}
