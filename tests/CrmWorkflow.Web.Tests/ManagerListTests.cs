using System.Net;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Features.Managers;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests;

/// <summary>The manager list the managers page and GET /api/managers share: load counted from the data, absences, who sees what.</summary>
public sealed class ManagerListTests(WebAppFixture app) : ApiTest(app), IAsyncLifetime
{
    private readonly string _tag = Guid.NewGuid().ToString("N")[..8];

    // Lead routing in other tests must not pick this test's managers: take them away again.
    public new async ValueTask DisposeAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        await db.ClientManagers.Where(m => m.Id.StartsWith($"cm-{_tag}")).ExecuteDeleteAsync();
        await base.DisposeAsync();
    }

    private ListManagersHandler Handler => App.Services.GetRequiredService<ListManagersHandler>();

    [Fact]
    public async Task List_AsClientManager_ReturnsOnlyTheirOwnCardWithTheirBook()
    {
        var manager = await App.ManagerAsync();

        var list = (await (await manager.GetAsync("/api/managers")).ExpectAsync(HttpStatusCode.OK))!.AsArray();

        var own = Assert.Single(list)!;
        Assert.Equal("cm-demo", own["id"]!.GetValue<string>());
        Assert.Equal(12, own["accounts"]!.GetValue<int>());
        Assert.Equal(15, own["keyAccountCapacity"]!.GetValue<int>());
    }

    [Fact]
    public async Task List_AsAnalystOrConsultant_ShowsEveryManager()
    {
        foreach (var reader in new[] { await App.AnalystAsync(), await App.ConsultantAsync() })
        {
            var list = (await (await reader.GetAsync("/api/managers")).ExpectAsync(HttpStatusCode.OK))!.AsArray();
            Assert.True(list.Count > 40, $"only {list.Count} managers");
            Assert.Contains(list, m => m!["id"]!.GetValue<string>() == "cm-demo");
        }
    }

    [Fact]
    public async Task RecordAbsence_ThenList_ShowsTheNextAbsenceAndNotAPastOne()
    {
        var admin = await App.AdminAsync();
        var id = $"cm-{_tag}";
        await (await admin.PostJsonAsync("/api/managers", $$"""{ "id": "{{id}}", "name": "Away Anna" }""")).ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync($"/api/managers/{id}/out-of-office", """{ "from": "2020-01-01T00:00:00Z", "to": "2020-01-10T00:00:00Z" }"""))
            .ExpectAsync(HttpStatusCode.Created);
        await (await admin.PostJsonAsync($"/api/managers/{id}/out-of-office", """{ "from": "2099-03-01T00:00:00Z", "to": "2099-03-15T00:00:00Z", "reason": "Sabbatical" }"""))
            .ExpectAsync(HttpStatusCode.Created);

        var card = await Handler.GetAsync(id, ManagerAccess.All);

        Assert.NotNull(card);
        Assert.Equal(new DateTimeOffset(2099, 3, 1, 0, 0, 0, TimeSpan.Zero), card.AwayFrom);
        Assert.Equal(new DateTimeOffset(2099, 3, 15, 0, 0, 0, TimeSpan.Zero), card.AwayTo);
        Assert.Equal("Sabbatical", card.AwayReason);
        Assert.Equal(0, card.Accounts);
    }

    [Fact]
    public async Task List_SearchAndWithoutDeactivated_FindsByNameAndHidesInactive()
    {
        var admin = await App.AdminAsync();
        var tag = _tag;
        foreach (var (suffix, active) in new[] { ("a", true), ("b", false) })
        {
            await (await admin.PostJsonAsync("/api/managers", $$"""{ "id": "cm-{{tag}}-{{suffix}}", "name": "Searchable {{tag}} {{suffix}}" }""")).ExpectAsync(HttpStatusCode.Created);
            await (await admin.PutJsonAsync($"/api/managers/cm-{tag}-{suffix}/capacity", $$"""{ "isActive": {{(active ? "true" : "false")}} }""")).ExpectAsync(HttpStatusCode.OK);
        }

        var all = await Handler.ListAsync(new ManagerFilter(tag), ManagerAccess.All, 0, 25);
        var activeOnly = await Handler.ListAsync(new ManagerFilter(tag, IncludeInactive: false), ManagerAccess.All, 0, 25);
        var someoneElses = await Handler.GetAsync($"cm-{tag}-a", ManagerAccess.Own("cm-demo"));

        Assert.Equal([$"cm-{tag}-a", $"cm-{tag}-b"], all.Items.Select(m => m.Id));
        Assert.Equal([$"cm-{tag}-a"], activeOnly.Items.Select(m => m.Id));
        Assert.Null(someoneElses);
    }

    [Fact]
    public async Task Capacity_OutOfRangeOrUnknownManager_AnswersAtThePathOr404()
    {
        var admin = await App.AdminAsync();

        var bad = await (await admin.PutJsonAsync("/api/managers/cm-demo/capacity", """{ "leadCapacity": 10001, "keyAccountCapacity": -1 }""")).ExpectAsync(HttpStatusCode.BadRequest);
        await (await admin.PutJsonAsync("/api/managers/cm-nobody/capacity", """{ "leadCapacity": 5 }""")).ExpectAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync("/api/managers/cm-nobody/out-of-office", """{ "from": "2099-01-01T00:00:00Z", "to": "2099-01-02T00:00:00Z" }"""))
            .ExpectAsync(HttpStatusCode.NotFound);
        await (await admin.PostJsonAsync("/api/managers", """{ "id": "cm-demo", "name": "Twin" }""")).ExpectAsync(HttpStatusCode.Conflict);

        Assert.NotNull(bad!["errors"]!["$.leadCapacity"]);
        Assert.NotNull(bad["errors"]!["$.keyAccountCapacity"]);
    }
}
