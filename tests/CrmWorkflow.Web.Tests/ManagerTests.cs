using System.Net;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Admins create client managers and set their capacity and absences.</summary>
public sealed class ManagerTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Create_ThenCapacityAndAbsence_AreVisibleInTheList()
    {
        var admin = await App.AdminAsync();
        var id = "cm-" + Guid.NewGuid().ToString("N")[..8];

        await (await admin.PostJsonAsync("/api/managers", $$"""
            { "id": "{{id}}", "name": "Lena Li", "regions": ["East China"], "industries": ["Retail"], "seniority": "Senior", "leadCapacity": 25 }
            """)).ExpectAsync(HttpStatusCode.Created);
        await (await admin.PutJsonAsync($"/api/managers/{id}/capacity", """{ "leadCapacity": 5, "isActive": false }""")).ExpectAsync(HttpStatusCode.OK);
        await (await admin.PostJsonAsync($"/api/managers/{id}/out-of-office", """
            { "from": "2026-12-24T00:00:00Z", "to": "2027-01-02T00:00:00Z", "reason": "Holidays" }
            """)).ExpectAsync(HttpStatusCode.Created);

        var list = await (await admin.GetAsync("/api/managers")).ExpectAsync(HttpStatusCode.OK);
        var mine = list!.AsArray().Single(m => m!["id"]!.GetValue<string>() == id)!;
        Assert.Equal(5, mine["leadCapacity"]!.GetValue<int>());
        Assert.False(mine["isActive"]!.GetValue<bool>());
        Assert.Equal("Senior", mine["seniority"]!.GetValue<string>());
    }

    [Fact]
    public async Task Create_AsAnalyst_IsForbidden_AndBadInputIs400AtThePath()
    {
        var analyst = await App.AnalystAsync();
        var admin = await App.AdminAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostJsonAsync("/api/managers", """{ "name": "X" }""")).StatusCode);
        var problem = await (await admin.PostJsonAsync("/api/managers", """{ "name": "", "seniority": "Boss", "leadCapacity": -1 }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        var paths = problem!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Contains("$.name", paths);
        Assert.Contains("$.seniority", paths);
        Assert.Contains("$.leadCapacity", paths);
        var away = await (await admin.PostJsonAsync("/api/managers/cm-0001/out-of-office", """{ "from": "2027-01-02T00:00:00Z", "to": "2026-12-24T00:00:00Z" }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(away!["errors"]!["$.to"]);
    }
}
