using System.Net;
using System.Net.Http.Json;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Events, bookmarks and cancelling: the ways work moves on besides tasks.</summary>
public sealed class InstanceOperationsTests(WebAppFixture app) : ApiTest(app)
{
    private async Task<string> StatusAsync(HttpClient client, string instanceId) =>
        (await (await client.GetAsync($"/api/instances/{instanceId}")).ExpectAsync(HttpStatusCode.OK))!["status"]!.GetValue<string>();

    [Fact]
    public async Task RaiseEvent_WithMatchingCorrelation_ResumesOnlyThatInstance()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.WaitForPayment(id));
        var paid = (await analyst.StartAsync(id, new { orderId = "o-1" }))["id"]!.GetValue<string>();
        var other = (await analyst.StartAsync(id, new { orderId = "o-2" }))["id"]!.GetValue<string>();
        var manager = await App.ManagerAsync();

        var result = await (await manager.PostAsJsonAsync("/api/events/order.paid", new { correlationId = "o-1", payload = new { amount = 42 } }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal([paid], result!["resumedInstances"]!.AsArray().Select(i => i!.GetValue<string>()));
        var instance = await (await analyst.GetAsync($"/api/instances/{paid}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Finished", instance!["status"]!.GetValue<string>());
        Assert.Equal(42, instance["variables"]!["amount"]!.GetValue<int>());
        Assert.Equal("Suspended", await StatusAsync(analyst, other));
    }

    [Fact]
    public async Task ResumeBookmark_AsDesigner_ContinuesAndSecondResumeIs404()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.WaitForPayment(id));
        var started = await analyst.StartAsync(id, new { orderId = "o-9" });
        var bookmark = Assert.Single(started["bookmarks"]!.AsArray())!["id"]!.GetValue<string>();

        var resumed = await (await analyst.PostAsJsonAsync($"/api/bookmarks/{bookmark}/resume", new { payload = new { amount = 7 } }))
            .ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Finished", resumed!["status"]!.GetValue<string>());
        await (await analyst.PostAsJsonAsync($"/api/bookmarks/{bookmark}/resume", new { payload = new { amount = 8 } }))
            .ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ResumeBookmarkOrCancel_AsClientManager_Answers403()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.WaitForPayment(id));
        var started = await analyst.StartAsync(id, new { orderId = "o-3" });
        var instanceId = started["id"]!.GetValue<string>();
        var bookmark = started["bookmarks"]![0]!["id"]!.GetValue<string>();
        var manager = await App.ManagerAsync();

        await (await manager.PostAsJsonAsync($"/api/bookmarks/{bookmark}/resume", new { payload = new { amount = 1 } })).ExpectAsync(HttpStatusCode.Forbidden);
        await (await manager.PostAsync($"/api/instances/{instanceId}/cancel", null)).ExpectAsync(HttpStatusCode.Forbidden);

        Assert.Equal("Suspended", await StatusAsync(analyst, instanceId));
    }

    [Fact]
    public async Task Cancel_InstanceWithOpenTask_CancelsTheTaskToo()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Approval(id));
        var started = await analyst.StartAsync(id);
        var instanceId = started["id"]!.GetValue<string>();
        var task = started["tasks"]![0]!["id"]!.GetValue<string>();
        var manager = await App.ManagerAsync();

        var cancelled = await (await analyst.PostAsync($"/api/instances/{instanceId}/cancel", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("Cancelled", cancelled!["status"]!.GetValue<string>());
        Assert.DoesNotContain(task, await manager.TaskIdsAsync());
        await (await manager.CompleteAsync(task)).ExpectAsync(HttpStatusCode.Conflict);
        var stored = await (await manager.GetAsync($"/api/tasks/{task}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Cancelled", stored!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Retry_InstanceThatIsNotFaulted_Answers409()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Instant(id));
        var instanceId = (await analyst.StartAsync(id, new { }))["id"]!.GetValue<string>();

        await (await analyst.PostAsync($"/api/instances/{instanceId}/retry", null)).ExpectAsync(HttpStatusCode.Conflict);

        Assert.Equal("Finished", await StatusAsync(analyst, instanceId));
    }
}
