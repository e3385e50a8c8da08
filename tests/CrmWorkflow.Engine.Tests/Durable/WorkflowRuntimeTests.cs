using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Engine.Tests.Durable;

public sealed class WorkflowRuntimeTests : IDisposable
{
    private readonly SqliteDatabase _db = new();
    private readonly TestHost _host;

    public WorkflowRuntimeTests() => _host = _db.NewHost();

    public void Dispose()
    {
        _host.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task Start_FlowEndingInTask_PersistsInstanceBookmarkTaskAndJournal()
    {
        await _host.PublishAsync(Flows.Call);

        var result = await _host.Runtime.StartAsync("call-lead", new JsonObject { ["name"] = "Ada" }, new() { CorrelationId = "lead-7" });

        await using var db = _db.Open();
        var instance = await db.Set<WorkflowInstanceRecord>().SingleAsync();
        Assert.Equal(WorkflowStatus.Suspended, instance.Status);
        Assert.Equal("lead-7", instance.CorrelationId);
        var task = await db.Set<HumanTaskRecord>().SingleAsync();
        Assert.Equal("Call Ada", task.Title);
        Assert.Equal("ClientManager", task.Role);
        Assert.Equal(HumanTaskStatus.Open, task.Status);
        Assert.Equal(task.Id, (await db.Set<BookmarkRecord>().SingleAsync()).Id);
        // The waiting task gets its journal entry when it completes (one entry per execution).
        Assert.Equal(["start", "mark"], await db.Set<JournalRecord>().OrderBy(j => j.Sequence).Select(j => j.ActivityId).ToListAsync());
        Assert.Equal(result.InstanceId, instance.Id);
    }

    [Fact]
    public async Task CompleteTask_ValidOutcome_FinishesAndClosesTask()
    {
        await _host.PublishAsync(Flows.Call);
        var started = await _host.Runtime.StartAsync("call-lead", new JsonObject { ["name"] = "Ada" });
        var taskId = started.TasksCreated.Single().Id;

        var done = await _host.Runtime.CompleteTaskAsync(taskId, "reached", new JsonObject { ["notes"] = "Interested" }, "mgr-1");

        Assert.Equal(WorkflowStatus.Finished, done.Status);
        await using var db = _db.Open();
        var task = await db.Set<HumanTaskRecord>().SingleAsync();
        Assert.Equal(HumanTaskStatus.Completed, task.Status);
        Assert.Equal("reached", task.Outcome);
        Assert.Equal("mgr-1", task.CompletedBy);
        Assert.Contains("Interested", task.DataJson);
        Assert.Empty(await db.Set<BookmarkRecord>().ToListAsync());
    }

    [Fact]
    public async Task CompleteTask_MissingRequiredField_IsRejectedAndTaskStaysOpen()
    {
        await _host.PublishAsync(Flows.Call);
        var started = await _host.Runtime.StartAsync("call-lead", new JsonObject { ["name"] = "Ada" });

        var ex = await Assert.ThrowsAsync<ResumeRejectedException>(() =>
            _host.Runtime.CompleteTaskAsync(started.TasksCreated.Single().Id, "reached", new JsonObject(), "mgr-1"));

        Assert.Equal("$.data.notes", ex.Path);
        await using var db = _db.Open();
        Assert.Equal(HumanTaskStatus.Open, (await db.Set<HumanTaskRecord>().SingleAsync()).Status);
        Assert.Equal(WorkflowStatus.Suspended, (await db.Set<WorkflowInstanceRecord>().SingleAsync()).Status);
    }

    [Fact]
    public async Task CompleteTask_Twice_SecondIsRefusedAsAlreadyResumed()
    {
        await _host.PublishAsync(Flows.Call);
        var started = await _host.Runtime.StartAsync("call-lead", new JsonObject { ["name"] = "Ada" });
        var taskId = started.TasksCreated.Single().Id;
        await _host.Runtime.CompleteTaskAsync(taskId, "reached", new JsonObject { ["notes"] = "a" }, "u1");

        await Assert.ThrowsAsync<BookmarkNotFoundException>(() =>
            _host.Runtime.CompleteTaskAsync(taskId, "unreachable", new JsonObject { ["notes"] = "b" }, "u2"));

        await using var db = _db.Open();
        Assert.Equal("reached", (await db.Set<HumanTaskRecord>().SingleAsync()).Outcome);
    }

    [Fact]
    public async Task CompleteTask_ConcurrentlyFromTwoHosts_AppliesExactlyOnce()
    {
        await _host.PublishAsync(Flows.Call);
        using var other = _db.NewHost();
        var started = await _host.Runtime.StartAsync("call-lead", new JsonObject { ["name"] = "Ada" });
        var taskId = started.TasksCreated.Single().Id;

        var attempts = Enumerable.Range(0, 6).Select(i => Task.Run(async () =>
        {
            var host = i % 2 == 0 ? _host : other;
            try
            {
                await host.Runtime.CompleteTaskAsync(taskId, "reached", new JsonObject { ["notes"] = $"n{i}" }, $"u{i}");
                return true;
            }
            catch (BookmarkNotFoundException) { return false; }
        })).ToList();
        var outcomes = await Task.WhenAll(attempts);

        Assert.Equal(1, outcomes.Count(ok => ok));
        await using var db = _db.Open();
        Assert.Equal(1, await db.Set<JournalRecord>().CountAsync(j => j.ActivityId == "end"));
    }

    [Fact]
    public async Task Publish_NewVersion_RunningInstancesStayOnTheirVersion()
    {
        await _host.PublishAsync(Flows.Call);
        var v1Instance = await _host.Runtime.StartAsync("call-lead", new JsonObject { ["name"] = "Ada" });
        var v2 = await _host.PublishAsync(Flows.Call.Replace("Call {{ input.name }}", "Phone {{ input.name }}"));
        var v2Instance = await _host.Runtime.StartAsync("call-lead", new JsonObject { ["name"] = "Bob" });

        await _host.Runtime.CompleteTaskAsync(v1Instance.TasksCreated.Single().Id, "reached", new JsonObject { ["notes"] = "x" }, "u");

        Assert.Equal(2, v2);
        Assert.Equal("Phone Bob", v2Instance.TasksCreated.Single().Title);
        var state = await _host.Runtime.GetStateAsync(v1Instance.InstanceId);
        Assert.Equal(1, state!.Version);
        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }

    [Fact]
    public async Task Publish_UnchangedDocument_KeepsVersion()
    {
        var first = await _host.PublishAsync(Flows.Call);
        var again = await _host.PublishAsync(Flows.Call);

        Assert.Equal(1, first);
        Assert.Equal(1, again);
    }

    [Fact]
    public async Task Publish_InvalidDefinition_IsRefusedWithEveryProblem()
    {
        var parsed = DefinitionJson.Parse(Flows.Call.Replace("\"to\": \"mark\"", "\"to\": \"nowhere\""));

        var ex = await Assert.ThrowsAsync<DefinitionInvalidException>(() => _host.Definitions.PublishAsync(parsed.Definition!));

        Assert.Contains(ex.Problems, p => p.Path == "$.connections[0].to");
        Assert.Empty(await _host.Definitions.ListAsync());
    }
}
