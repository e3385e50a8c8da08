using System.Net;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Customer data per reader: a client manager sees only the customers they serve.</summary>
public sealed class CustomerAccessTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Search_AsClientManager_ReturnsOnlyTheirBook()
    {
        var manager = await App.ManagerAsync();

        var page = await (await manager.GetAsync("/api/customers?pageSize=200")).ExpectAsync(HttpStatusCode.OK);

        var items = page!["items"]!.AsArray();
        Assert.Equal(12, page["total"]!.GetValue<int>());
        Assert.All(items, c => Assert.Equal("cm-demo", c!["managerId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Search_AsAnalyst_SeesEveryCustomer()
    {
        var analyst = await App.AnalystAsync();

        var page = await (await analyst.GetAsync("/api/customers?pageSize=5")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(500, page!["total"]!.GetValue<int>());
        Assert.Equal(5, page["items"]!.AsArray().Count);
    }

    [Fact]
    public async Task Get360_OwnCustomer_ShowsProfileContactsHistoryAndPurchases()
    {
        var manager = await App.ManagerAsync();
        var first = (await (await manager.GetAsync("/api/customers?pageSize=1")).ExpectAsync(HttpStatusCode.OK))!["items"]![0]!;

        var view = await (await manager.GetAsync($"/api/customers/{first["id"]}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(first["name"]!.GetValue<string>(), view!["profile"]!["name"]!.GetValue<string>());
        Assert.Equal("Corporate", view["profile"]!["kind"]!.GetValue<string>());
        Assert.NotEmpty(view["contacts"]!.AsArray());
        Assert.Contains(view["assignments"]!.AsArray(), a => a!["managerId"]!.GetValue<string>() == "cm-demo");
        Assert.NotNull(view["purchases"]!["orders"]);
    }

    [Fact]
    public async Task Get360_SomeoneElsesCustomer_IsNotFoundForAClientManager()
    {
        var analyst = await App.AnalystAsync();
        var other = (await (await analyst.GetAsync("/api/customers?managerId=cm-0002&pageSize=1")).ExpectAsync(HttpStatusCode.OK))!["items"]![0]!;
        var manager = await App.ManagerAsync();

        var response = await manager.GetAsync($"/api/customers/{other["id"]}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/customers/{other["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Search_UnknownTierOrBadPaging_Is400NamingTheParameter()
    {
        var analyst = await App.AnalystAsync();

        var tier = await (await analyst.GetAsync("/api/customers?tier=Platinum")).ExpectAsync(HttpStatusCode.BadRequest);
        var paging = await (await analyst.GetAsync("/api/customers?pageSize=5000")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(tier!["errors"]!["tier"]);
        Assert.NotNull(paging!["errors"]!["pageSize"]);
    }

    [Fact]
    public async Task LogContact_OwnCustomer_ShowsFirstOnTheTimeline_SomeoneElsesIs404()
    {
        var manager = await App.ManagerAsync();
        var own = (await (await manager.GetAsync("/api/customers?pageSize=1")).ExpectAsync(HttpStatusCode.OK))!["items"]![0]!;
        var analyst = await App.AnalystAsync();
        var other = (await (await analyst.GetAsync("/api/customers?managerId=cm-0002&pageSize=1")).ExpectAsync(HttpStatusCode.OK))!["items"]![0]!;

        await (await manager.PostJsonAsync($"/api/customers/{own["id"]}/contacts", """{ "channel": "Visit", "summary": "Quarterly review on site." }"""))
            .ExpectAsync(HttpStatusCode.Created);
        var notMine = await manager.PostJsonAsync($"/api/customers/{other["id"]}/contacts", """{ "channel": "Visit", "summary": "Not mine." }""");

        var view = await (await manager.GetAsync($"/api/customers/{own["id"]}")).ExpectAsync(HttpStatusCode.OK);
        var latest = view!["interactions"]![0]!;
        Assert.Equal(("Visit", "Quarterly review on site.", "cm-demo"),
            (latest["channel"]!.GetValue<string>(), latest["summary"]!.GetValue<string>(), latest["managerId"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.NotFound, notMine.StatusCode);
    }

    [Fact]
    public async Task Search_ByNumberOrEmail_FindsThatCustomer()
    {
        var analyst = await App.AnalystAsync();
        var some = (await (await analyst.GetAsync("/api/customers?pageSize=1")).ExpectAsync(HttpStatusCode.OK))!["items"]![0]!;
        var full = await (await analyst.GetAsync($"/api/customers/{some["id"]}")).ExpectAsync(HttpStatusCode.OK);

        var byNumber = await (await analyst.GetAsync($"/api/customers?q={some["id"]}")).ExpectAsync(HttpStatusCode.OK);
        var byEmail = await (await analyst.GetAsync($"/api/customers?q={Uri.EscapeDataString(full!["profile"]!["email"]!.GetValue<string>())}")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(some["id"]!.GetValue<long>(), Assert.Single(byNumber!["items"]!.AsArray())!["id"]!.GetValue<long>());
        Assert.Contains(byEmail!["items"]!.AsArray(), c => c!["id"]!.GetValue<long>() == some["id"]!.GetValue<long>());
    }
}
