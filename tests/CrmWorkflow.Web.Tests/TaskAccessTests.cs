using System.Net;
using System.Net.Http.Json;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Who sees and works which task: assignee, role, queue; claim, delegate, complete once.</summary>
public sealed class TaskAccessTests(WebAppFixture app) : ApiTest(app)
{
    private async Task<string> OpenTaskAsync(string who)
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Approval(id, who));
        return await analyst.StartTaskAsync(id);
    }

    [Fact]
    public async Task ListTasks_AsClientManager_SeesOwnRoleAndQueueTasksOnly()
    {
        var mine = await OpenTaskAsync("\"assignee\": \"manager@demo.local\"");
        var role = await OpenTaskAsync("\"role\": \"ClientManager\"");
        var queue = await OpenTaskAsync("\"queue\": \"complaints\"");
        var otherRole = await OpenTaskAsync("\"role\": \"Consultant\"");
        var otherQueue = await OpenTaskAsync("\"queue\": \"billing\"");
        var someoneElse = await OpenTaskAsync("\"assignee\": \"consultant@demo.local\"");

        var seen = await (await App.ManagerAsync()).TaskIdsAsync();

        Assert.Equal(new[] { mine, role, queue }.Order(), seen.Order());
        Assert.DoesNotContain(otherRole, seen);
        Assert.DoesNotContain(otherQueue, seen);
        Assert.DoesNotContain(someoneElse, seen);
        var admin = await (await App.AdminAsync()).TaskIdsAsync();
        Assert.Equal(6, admin.Count);
    }

    [Fact]
    public async Task GetAndComplete_SomeoneElsesTask_Answer404AndLeaveItOpen()
    {
        var task = await OpenTaskAsync("\"assignee\": \"consultant@demo.local\"");
        var manager = await App.ManagerAsync();

        await (await manager.GetAsync($"/api/tasks/{task}")).ExpectAsync(HttpStatusCode.NotFound);
        await (await manager.CompleteAsync(task)).ExpectAsync(HttpStatusCode.NotFound);
        await (await manager.PostAsync($"/api/tasks/{task}/claim", null)).ExpectAsync(HttpStatusCode.NotFound);
        await (await manager.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { to = "manager@demo.local" })).ExpectAsync(HttpStatusCode.NotFound);

        var consultant = await App.ConsultantAsync();
        var still = await (await consultant.GetAsync($"/api/tasks/{task}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Open", still!["status"]!.GetValue<string>());
        Assert.Equal("consultant@demo.local", still["assignee"]!.GetValue<string>());
    }

    [Fact]
    public async Task Complete_Twice_SecondAnswers409()
    {
        var task = await OpenTaskAsync("\"role\": \"ClientManager\"");
        var manager = await App.ManagerAsync();
        await (await manager.CompleteAsync(task)).ExpectAsync(HttpStatusCode.OK);

        var again = await (await manager.CompleteAsync(task, "rejected")).ExpectAsync(HttpStatusCode.Conflict);

        Assert.Contains("completed", again!["detail"]!.GetValue<string>());
        var stored = await (await manager.GetAsync($"/api/tasks/{task}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("approved", stored!["outcome"]!.GetValue<string>());
    }

    [Fact]
    public async Task Complete_WithUnknownOutcomeOrMissingField_Answers400WithPath()
    {
        var task = await OpenTaskAsync("\"role\": \"ClientManager\"");
        var manager = await App.ManagerAsync();

        var outcome = await (await manager.CompleteAsync(task, "maybe")).ExpectAsync(HttpStatusCode.BadRequest);
        var field = await (await manager.PostAsJsonAsync($"/api/tasks/{task}/complete", new { outcome = "approved", data = new { } }))
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(outcome!["errors"]!["$.outcome"]);
        Assert.NotNull(field!["errors"]!["$.data.notes"]);
        Assert.Contains(task, await manager.TaskIdsAsync());
    }

    [Fact]
    public async Task Claim_RoleTask_OtherRoleMembersNoLongerSeeIt()
    {
        var task = await OpenTaskAsync("\"role\": \"ClientManager\"");
        var colleague = await App.CreateUserAsync(Roles.ClientManager);
        var other = await App.SignInAsync(colleague.Email!);
        var manager = await App.ManagerAsync();
        Assert.Contains(task, await other.TaskIdsAsync());

        var claimed = await (await manager.PostAsync($"/api/tasks/{task}/claim", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.False(string.IsNullOrEmpty(claimed!["assignee"]!.GetValue<string>()));
        Assert.Contains(task, await manager.TaskIdsAsync());
        Assert.DoesNotContain(task, await other.TaskIdsAsync());
        await (await other.PostAsync($"/api/tasks/{task}/claim", null)).ExpectAsync(HttpStatusCode.NotFound);
        await (await other.CompleteAsync(task)).ExpectAsync(HttpStatusCode.NotFound);
        await (await manager.CompleteAsync(task)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delegate_ToColleague_TaskMovesToTheirInbox()
    {
        var task = await OpenTaskAsync("\"assignee\": \"manager@demo.local\"");
        var colleague = await App.CreateUserAsync(Roles.ClientManager);
        var manager = await App.ManagerAsync();
        var other = await App.SignInAsync(colleague.Email!);

        var delegated = await (await manager.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { to = colleague.Email }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(colleague.Id, delegated!["assignee"]!.GetValue<string>());
        Assert.DoesNotContain(task, await manager.TaskIdsAsync());
        Assert.Contains(task, await other.TaskIdsAsync());
        await (await manager.CompleteAsync(task)).ExpectAsync(HttpStatusCode.NotFound);
        await (await other.CompleteAsync(task)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delegate_ToUnknownUser_Answers400()
    {
        var task = await OpenTaskAsync("\"assignee\": \"manager@demo.local\"");
        var manager = await App.ManagerAsync();

        var problem = await (await manager.PostAsJsonAsync($"/api/tasks/{task}/delegate", new { to = "nobody@demo.local" }))
            .ExpectAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem!["errors"]!["$.to"]);
        Assert.Contains(task, await manager.TaskIdsAsync());
    }
}
