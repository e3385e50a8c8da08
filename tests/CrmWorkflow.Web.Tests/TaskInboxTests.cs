using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests;

/// <summary>The inbox API: views, filters and sorting, a supervisor's team, claim and delegate with the journal.</summary>
public sealed class TaskInboxTests(WebAppFixture app) : ApiTest(app)
{
    private async Task<string> TaskAsync(string who, string title = "Acme", string priority = "normal", string? due = null)
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        var extra = $"\"priority\": \"{priority}\"" + (due is null ? "" : $", \"dueIn\": \"{due}\"");
        await analyst.PublishAsync(id, TestFlows.Approval(id, who + ", " + extra));
        return (await analyst.StartAsync(id, new { customer = title }))["tasks"]![0]!["id"]!.GetValue<string>();
    }

    private static async Task<List<string>> IdsAsync(HttpClient client, string query)
    {
        var page = await (await client.GetAsync("/api/tasks?" + query)).ExpectAsync(HttpStatusCode.OK);
        return page!["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();
    }

    // A client manager reporting to the demo manager (cm-demo), with a sign-in and no capacity (lead routing never picks them).
    private async Task<(string ManagerId, AppUser User)> TeamMemberAsync(bool active = true)
    {
        var user = await App.CreateUserAsync(Roles.ClientManager);
        var managerId = "cm-t" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = App.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        db.ClientManagers.Add(new ClientManager { Id = managerId, Name = "Tia Team " + managerId, Email = user.Email, UserId = user.Id,
            SupervisorId = "cm-demo", LeadCapacity = 0, KeyAccountCapacity = 0, IsActive = active });
        await db.SaveChangesAsync();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var stored = (await users.FindByIdAsync(user.Id))!;
        stored.ClientManagerId = managerId;
        await users.UpdateAsync(stored);
        return (managerId, stored);
    }

    // Team members of earlier tests leave the team, so each test starts with none.
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var scope = App.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        await db.ClientManagers.Where(m => m.Id.StartsWith("cm-t"))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.IsActive, false).SetProperty(m => m.SupervisorId, (string?)null));
    }

    [Fact]
    public async Task List_ByView_MineAndQueuesSplitAndAllIsForAdmins()
    {
        var mine = await TaskAsync("\"assignee\": \"cm-demo\"");
        var queue = await TaskAsync("\"queue\": \"complaints\"");
        var elsewhere = await TaskAsync("\"queue\": \"billing\"");
        var manager = await App.ManagerAsync();

        Assert.Equal([mine], await IdsAsync(manager, "view=mine"));
        Assert.Equal([queue], await IdsAsync(manager, "view=queues"));
        Assert.Empty(await IdsAsync(manager, "view=team"));
        var forbidden = await (await manager.GetAsync("/api/tasks?view=all")).ExpectAsync(HttpStatusCode.Forbidden);
        Assert.Contains("admins", forbidden!["detail"]!.GetValue<string>());
        var bad = await (await manager.GetAsync("/api/tasks?view=everything&sort=size&priority=meh")).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(bad!["errors"]!["view"]);
        Assert.NotNull(bad["errors"]!["sort"]);
        Assert.NotNull(bad["errors"]!["priority"]);
        Assert.Contains(elsewhere, await IdsAsync(await App.AdminAsync(), "view=all"));
    }

    [Fact]
    public async Task List_WithFiltersAndSort_NarrowsAndOrdersInTheQuery()
    {
        var urgent = await TaskAsync("\"assignee\": \"cm-demo\"", "Zeta Corp", "urgent", "P3D");
        var late = await TaskAsync("\"assignee\": \"cm-demo\"", "Alpha Ltd", "low", "-PT1H");
        var today = await TaskAsync("\"assignee\": \"cm-demo\"", "Beta Ltd", "high", "PT1M");
        var manager = await App.ManagerAsync();

        Assert.Equal([urgent, today, late], await IdsAsync(manager, "view=mine&sort=priority"));
        Assert.Equal([late, today, urgent], await IdsAsync(manager, "view=mine&sort=due"));
        Assert.Equal([today, late, urgent], await IdsAsync(manager, "view=mine&sort=created"));
        Assert.Equal([late], await IdsAsync(manager, "view=mine&due=overdue"));
        Assert.Equal([today], await IdsAsync(manager, "view=mine&due=today"));
        Assert.Equal([urgent], await IdsAsync(manager, "view=mine&priority=urgent"));
        Assert.Equal([urgent], await IdsAsync(manager, "view=mine&text=zeta"));
        var page = await (await manager.GetAsync("/api/tasks?view=mine")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((3, false), (page!["total"]!.GetValue<int>(), page["totalIsLowerBound"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task Claim_QueueTask_MovesToMineAndTheJournalSaysWho()
    {
        var task = await TaskAsync("\"queue\": \"complaints\"");
        var manager = await App.ManagerAsync();

        var claimed = await (await manager.PostAsync($"/api/tasks/{task}/claim", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("cm-demo", claimed!["assignee"]!.GetValue<string>());
        Assert.Equal([task], await IdsAsync(manager, "view=mine"));
        Assert.Empty(await IdsAsync(manager, "view=queues"));
        var admin = await App.AdminAsync();
        var instance = (await (await admin.GetAsync($"/api/tasks/{task}")).ExpectAsync(HttpStatusCode.OK))!["instanceId"]!.GetValue<string>();
        var journal = (await (await admin.GetAsync($"/api/instances/{instance}/journal")).ExpectAsync(HttpStatusCode.OK))!.ToJsonString();
        Assert.Contains("task.claimed", journal);
        Assert.Contains("cm-demo", journal);
    }

    [Fact]
    public async Task Team_SupervisorSeesAndDelegatesTeamTasks_ButCannotCompleteThem()
    {
        var (memberId, member) = await TeamMemberAsync();
        var (otherId, other) = await TeamMemberAsync();
        var task = await TaskAsync($"\"assignee\": \"{memberId}\"");
        var supervisor = await App.ManagerAsync();

        Assert.Equal([task], await IdsAsync(supervisor, "view=team"));
        Assert.Empty(await IdsAsync(supervisor, "view=mine"));
        await (await supervisor.CompleteAsync(task)).ExpectAsync(HttpStatusCode.Conflict);

        var moved = await (await supervisor.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { to = other.Email })).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(otherId, moved!["assignee"]!.GetValue<string>());
        Assert.Empty(await IdsAsync(await App.SignInAsync(member.Email!), "view=mine"));
        Assert.Equal([task], await IdsAsync(await App.SignInAsync(other.Email!), "view=mine"));
        var targets = (await (await supervisor.GetAsync("/api/tasks/delegates")).ExpectAsync(HttpStatusCode.OK))!.AsArray();
        Assert.Contains(targets, t => t!["assignee"]!.GetValue<string>() == memberId);
    }

    [Fact]
    public async Task Delegate_ToSomeoneWhoWouldNotSeeIt_Answers400AndQueueTasks409()
    {
        var (inactiveId, _) = await TeamMemberAsync(active: false);
        var task = await TaskAsync("\"assignee\": \"cm-demo\"");
        var queued = await TaskAsync("\"queue\": \"complaints\"");
        var manager = await App.ManagerAsync();

        foreach (var to in new[] { "consultant@demo.local", inactiveId, "cm-demo", "" })
        {
            var problem = await (await manager.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { to })).ExpectAsync(HttpStatusCode.BadRequest);
            Assert.NotNull(problem!["errors"]!["$.to"]);
        }
        var conflict = await (await manager.PostAsJsonAsync($"/api/tasks/{queued}/delegate", new { to = "cm-demo" })).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("Claim", conflict!["detail"]!.GetValue<string>());
        await (await manager.PostAsJsonAsync("/api/tasks/nope/delegate", new { to = "cm-demo" })).ExpectAsync(HttpStatusCode.NotFound);
        Assert.Equal([task], await IdsAsync(manager, "view=mine"));
    }
}
