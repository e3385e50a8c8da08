using System.Net;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>The headline: design, publish, start, work the task, see the instance finished.</summary>
public sealed class WorkflowLifecycleTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task PublishStartAndComplete_ManagerWorksTheTask_InstanceFinishedWithJournal()
    {
        var analyst = await App.AnalystAsync();
        var manager = await App.ManagerAsync();
        var id = TestFlows.NewId();

        var version = await analyst.PublishAsync(id, TestFlows.Approval(id));
        Assert.Equal(1, version);

        var response = await analyst.PostJsonAsync($"/api/workflows/{id}/instances", """{ "input": { "customer": "Acme" }, "correlationId": "case-7" }""");
        var started = (await response.ExpectAsync(HttpStatusCode.Created))!;
        var instanceId = started["id"]!.GetValue<string>();
        Assert.Equal($"/api/instances/{instanceId}", response.Headers.Location?.OriginalString);
        Assert.Equal("Suspended", started["status"]!.GetValue<string>());
        var task = Assert.Single(started["tasks"]!.AsArray())!;
        Assert.Equal("Approve Acme", task["title"]!.GetValue<string>());
        var taskId = task["id"]!.GetValue<string>();

        var inbox = await (await manager.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.OK);
        var listed = Assert.Single(inbox!["items"]!.AsArray(), t => t!["id"]!.GetValue<string>() == taskId)!;
        Assert.Equal("Open", listed["status"]!.GetValue<string>());
        Assert.Equal(instanceId, listed["instanceId"]!.GetValue<string>());

        var completed = await (await manager.CompleteAsync(taskId)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Finished", completed!["status"]!.GetValue<string>());

        var instance = await (await analyst.GetAsync($"/api/instances/{instanceId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Finished", instance!["status"]!.GetValue<string>());
        Assert.Equal("case-7", instance["correlationId"]!.GetValue<string>());
        Assert.Equal("approving", instance["variables"]!["stage"]!.GetValue<string>());

        var journal = await (await analyst.GetAsync($"/api/instances/{instanceId}/journal")).ExpectAsync(HttpStatusCode.OK);
        var activities = journal!.AsArray().Select(j => j!["activityId"]!.GetValue<string>()).ToList();
        // One entry per activity execution: the task's runs from its creation to its completion.
        Assert.Equal(["start", "note", "approve", "end"], activities);
        Assert.Equal("approved", journal[2]!["port"]!.GetValue<string>());
        Assert.True(journal[2]!["startedAt"]!.GetValue<DateTimeOffset>() <= journal[1]!["endedAt"]!.GetValue<DateTimeOffset>().AddSeconds(1));

        var done = await (await manager.GetAsync($"/api/tasks/{taskId}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Completed", done!["status"]!.GetValue<string>());
        Assert.Equal("approved", done["outcome"]!.GetValue<string>());
        Assert.DoesNotContain(taskId, await manager.TaskIdsAsync());
    }

    [Fact]
    public async Task ListInstances_FilteredByDefinitionAndStatus_ReturnsPagedMatches()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Approval(id));
        for (var i = 0; i < 3; i++) await analyst.StartAsync(id);

        var page = await (await analyst.GetAsync($"/api/instances?definitionId={id}&status=Suspended&page=2&pageSize=2")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(3, page!["total"]!.GetValue<int>());
        Assert.Single(page["items"]!.AsArray());
        var none = await (await analyst.GetAsync($"/api/instances?definitionId={id}&status=Finished")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, none!["total"]!.GetValue<int>());
    }
}
