using System.Net;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>POST/GET /api/leads/{id}/contacts with the shipped lead-routing workflow.</summary>
public sealed class LeadContactTests(WebAppFixture app) : ApiTest(app)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await App.PublishShippedAsync("lead-routing");
    }

    // A lead from a demo customer (matched by company name, so no prospect customer is added to the
    // shared demo data), routed to a new manager who is alone in a new region.
    private async Task<(long LeadId, string ManagerId, HttpClient Manager)> LeadAsync()
    {
        var region = "Region " + Guid.NewGuid().ToString("N")[..6];
        var (managerId, manager) = await LeadTests.ManagerInOwnRegionAsync(App, region);
        var analyst = await App.AnalystAsync();
        var customer = (await (await analyst.GetAsync("/api/customers?pageSize=1")).ExpectAsync(HttpStatusCode.OK))!["items"]![0]!;
        var created = await (await analyst.PostJsonAsync("/api/leads", $$"""
            { "personName": "Li Lei", "companyName": "{{customer["name"]}}", "region": "{{region}}", "industry": "Retail", "size": 40, "source": "Phone" }
            """)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(managerId, created!["managerId"]!.GetValue<string>());
        return (created["id"]!.GetValue<long>(), managerId, manager);
    }

    [Fact]
    public async Task Post_FirstContact_LeadContactedTaskGoneAndContactListed()
    {
        var (lead, managerId, manager) = await LeadAsync();
        Assert.Contains((await (await manager.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.OK))!["items"]!.AsArray(),
            t => t!["title"]!.GetValue<string>().StartsWith("First contact: Li Lei", StringComparison.Ordinal));

        var logged = await (await manager.PostJsonAsync($"/api/leads/{lead}/contacts", """
            { "channel": "Phone", "summary": "Called; sending a quote.", "outcome": "reached" }
            """)).ExpectAsync(HttpStatusCode.Created);

        Assert.True(logged!["firstContact"]!.GetValue<bool>());
        var view = await (await manager.GetAsync($"/api/leads/{lead}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Contacted", view!["status"]!.GetValue<string>());
        Assert.NotNull(view["contactedAt"]);
        // The first-contact task is done, so nothing is left to reroute the lead.
        var tasks = await (await manager.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(tasks!["items"]!.AsArray(), t => t!["title"]!.GetValue<string>().StartsWith("First contact: Li Lei", StringComparison.Ordinal));
        var contacts = await (await manager.GetAsync($"/api/leads/{lead}/contacts")).ExpectAsync(HttpStatusCode.OK);
        var item = Assert.Single(contacts!["items"]!.AsArray())!;
        Assert.Equal(("Phone", "Called; sending a quote.", true, managerId),
            (item["channel"]!.GetValue<string>(), item["summary"]!.GetValue<string>(), item["reached"]!.GetValue<bool>(), item["managerId"]!.GetValue<string>()));
        Assert.Equal(logged["customerId"]!.GetValue<long>(), contacts["customerId"]!.GetValue<long>());
    }

    [Fact]
    public async Task Post_MissingSummaryOrUnknownChannel_Is400AtTheJsonPath()
    {
        var (lead, _, manager) = await LeadAsync();

        var empty = await (await manager.PostJsonAsync($"/api/leads/{lead}/contacts", """{ "channel": "Phone", "summary": "  " }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        var wrong = await (await manager.PostJsonAsync($"/api/leads/{lead}/contacts", """{ "channel": "Pigeon", "summary": "Hi", "outcome": "maybe" }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Equal(["$.summary"], empty!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Contains("Pigeon", wrong!["errors"]!["$.channel"]![0]!.GetValue<string>());
        Assert.NotNull(wrong["errors"]!["$.outcome"]);
        var contacts = await (await manager.GetAsync($"/api/leads/{lead}/contacts")).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(contacts!["items"]!.AsArray());
    }

    [Fact]
    public async Task Post_AnotherManagersLead_Is404AndLeavesTheLeadAlone()
    {
        var (lead, _, _) = await LeadAsync();
        var other = await App.ManagerAsync();

        var response = await other.PostJsonAsync($"/api/leads/{lead}/contacts", """{ "channel": "Phone", "summary": "Not mine." }""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/leads/{lead}/contacts")).StatusCode);
        var view = await (await (await App.AnalystAsync()).GetAsync($"/api/leads/{lead}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Null(view!["contactedAt"]);
    }
}
