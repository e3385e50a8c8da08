using System.Net;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests;

/// <summary>Leads over HTTP with the shipped lead-routing workflow.</summary>
public sealed class LeadTests(WebAppFixture app) : ApiTest(app)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await App.PublishShippedAsync("lead-routing");
    }

    private Task<(string ManagerId, HttpClient Client)> ManagerInOwnRegionAsync(string region) => ManagerInOwnRegionAsync(App, region);

    /// <summary>A new client manager, the only one in <paramref name="region"/>, signed in: leads there go to them.</summary>
    internal static async Task<(string ManagerId, HttpClient Client)> ManagerInOwnRegionAsync(WebAppFixture app, string region)
    {
        var admin = await app.AdminAsync();
        var id = "cm-t" + Guid.NewGuid().ToString("N")[..8];
        await (await admin.PostJsonAsync("/api/managers", $$"""
            { "id": "{{id}}", "name": "Tess Test", "email": "{{id}}@test.local", "regions": ["{{region}}"], "industries": ["Retail"], "leadCapacity": 5 }
            """)).ExpectAsync(HttpStatusCode.Created);
        var user = await app.CreateUserAsync(Roles.ClientManager);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var stored = await users.FindByIdAsync(user.Id);
            stored!.ClientManagerId = id;
            await users.UpdateAsync(stored);
        }
        return (id, await app.SignInAsync(user.Email!));
    }

    [Fact]
    public async Task Post_RoutesBeforeAnswering_ManagerSeesLeadExplanationAndTask()
    {
        var region = "Region " + Guid.NewGuid().ToString("N")[..6];
        var (managerId, manager) = await ManagerInOwnRegionAsync(region);
        var analyst = await App.AnalystAsync();

        var response = await analyst.PostJsonAsync("/api/leads", $$"""
            { "personName": "Wang Fang", "companyName": "Fang Trading", "region": "{{region}}", "industry": "Retail", "size": 40, "source": "Web", "estimatedValue": 8000 }
            """);
        var created = await response.ExpectAsync(HttpStatusCode.Created);

        Assert.Equal($"/api/leads/{created!["id"]}", response.Headers.Location!.OriginalString);
        Assert.Equal(managerId, created["managerId"]!.GetValue<string>());
        Assert.Equal("Assigned", created["status"]!.GetValue<string>());
        Assert.Equal("standard", created["explanation"]!["rule"]!.GetValue<string>());
        var candidate = created["explanation"]!["candidates"]!.AsArray().Single()!;
        Assert.True(candidate["chosen"]!.GetValue<bool>());
        Assert.StartsWith("chosen:", candidate["reason"]!.GetValue<string>());

        var seen = await (await manager.GetAsync($"/api/leads/{created["id"]}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Wang Fang", seen!["personName"]!.GetValue<string>());
        var tasks = await (await manager.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(tasks!["items"]!.AsArray(), t => t!["title"]!.GetValue<string>() == "First contact: Wang Fang (Fang Trading)");
        var other = await App.ManagerAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/api/leads/{created["id"]}")).StatusCode);
    }

    [Fact]
    public async Task Post_AssignedOrQueued_AnswersExactlyWhatAReadShows()
    {
        var region = "Region " + Guid.NewGuid().ToString("N")[..6];
        await ManagerInOwnRegionAsync(region);
        var analyst = await App.AnalystAsync();

        // An amount with a trailing zero and a manager, then a region nobody covers (queued).
        foreach (var where in new[] { region, "Nowhere " + Guid.NewGuid().ToString("N")[..6] })
        {
            var response = await analyst.PostJsonAsync("/api/leads", $$"""
                { "personName": "Li Lei", "companyName": "Lei Ltd", "email": "li@lei.test", "phone": "+86 10 1234", "region": "{{where}}", "industry": "Retail", "size": 40, "source": "Web", "productInterest": "CRM", "estimatedValue": 1234.50 }
                """);
            var posted = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var read = await (await analyst.GetAsync(response.Headers.Location!.OriginalString)).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
            Assert.Equal(read, posted);
        }
    }

    [Fact]
    public async Task Post_BadInput_Is400NamingEachField()
    {
        var analyst = await App.AnalystAsync();

        var empty = await (await analyst.PostJsonAsync("/api/leads", "{}")).ExpectAsync(HttpStatusCode.BadRequest);
        var paths = empty!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Equal(["$.industry", "$.personName", "$.region", "$.source"], paths.Order());

        var wrong = await (await analyst.PostJsonAsync("/api/leads", """
            { "personName": "A", "region": "East China", "industry": "Retail", "source": "Pigeon", "score": 120, "email": "nope" }
            """)).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("Pigeon", wrong!["errors"]!["$.source"]![0]!.GetValue<string>());
        Assert.NotNull(wrong["errors"]!["$.score"]);
        Assert.NotNull(wrong["errors"]!["$.email"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.GetAsync("/api/leads?status=Lost")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync("/api/leads/999999999")).StatusCode);
    }
}
