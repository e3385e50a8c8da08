using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Engine.Tests.Durable;

/// <summary>Stands for the host dying: the run is torn down before anything is saved.</summary>
[Activity("test.hostDies", "Test", "Simulates the host process dying mid-run.")]
public sealed class HostDiesActivity : Activity
{
    /// <summary>When set, running the activity "kills" the host by cancelling its shutdown token.</summary>
    public static CancellationTokenSource? Shutdown { get; set; }

    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        Shutdown?.Cancel();
        context.CancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(ActivityOutcome.Done);
    }
}

/// <summary>Writes a domain row through the step's own DbContext.</summary>
[Activity("test.writeNote", "Test", "Adds a note row in the same unit of work.")]
public sealed class WriteNoteActivity : Activity
{
    [Input("Unique key of the note.", Required = true)]
    public Input<string> Key { get; } = new();

    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        context.Services.GetRequiredService<DbContext>().Add(new Note { Key = context.Get(Key), Text = "written by workflow" });
        return ValueTask.FromResult(ActivityOutcome.Done);
    }
}

/// <summary>Fails while <see cref="Broken"/> is set, like a CRM call during an outage.</summary>
[Activity("test.flaky", "Test", "Fails while the test says so.")]
public sealed class FlakyActivity : Activity
{
    public static bool Broken { get; set; }

    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context) =>
        Broken ? throw new InvalidOperationException("The CRM is down.") : ValueTask.FromResult(ActivityOutcome.Done);
}

[Collection("static-activity-switch")]
public sealed class RecoveryTests : IDisposable
{
    private const string CrashThenTask = """
        {
          "definitionId": "crash-then-task", "name": "Crash then task",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "task1", "type": "core.humanTask", "inputs": { "title": "Before" } },
            { "id": "die", "type": "test.hostDies" },
            { "id": "task2", "type": "core.humanTask", "inputs": { "title": "After" } }
          ],
          "connections": [ { "from": "start", "to": "task1" }, { "from": "task1", "to": "die" }, { "from": "die", "to": "task2" } ]
        }
        """;

    private const string Notes = """
        {
          "definitionId": "notes", "name": "Notes",
          "inputs": [{ "name": "key", "type": "string", "required": true }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "note", "type": "test.writeNote", "inputs": { "key": { "expr": "input.key" } } },
            { "id": "task", "type": "core.humanTask", "inputs": { "title": "Follow up" } }
          ],
          "connections": [ { "from": "start", "to": "note" }, { "from": "note", "to": "task" } ]
        }
        """;

    private readonly SqliteDatabase _db = new();

    public void Dispose()
    {
        FlakyActivity.Broken = false;
        HostDiesActivity.Shutdown = null;
        _db.Dispose();
    }

    [Fact]
    public async Task HostKilledMidRun_RestartedHostResumesWithoutDuplicatingTasks()
    {
        using (var doomed = _db.NewHost("doomed", null, new HostDiesActivity()))
        {
            await doomed.PublishAsync(CrashThenTask);
            var started = await doomed.Runtime.StartAsync("crash-then-task", null);
            HostDiesActivity.Shutdown = new CancellationTokenSource();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                doomed.Runtime.CompleteTaskAsync(started.TasksCreated.Single().Id, "done", null, "u1", HostDiesActivity.Shutdown.Token));
        }
        HostDiesActivity.Shutdown = null;

        using var restarted = _db.NewHost("restarted", null, new HostDiesActivity());
        await using (var db = _db.Open())
        {
            // Nothing of the interrupted step was committed: the first task is still open.
            Assert.Equal(["Before"], await db.Set<HumanTaskRecord>().Select(t => t.Title).ToListAsync());
        }
        var taskId = (await restarted.Runtime.GetStateAsync((await FirstInstanceId())))!.Bookmarks.Single().Id;
        await restarted.Runtime.CompleteTaskAsync(taskId, "done", null, "u1");

        await using var check = _db.Open();
        Assert.Equal(1, await check.Set<HumanTaskRecord>().CountAsync(t => t.Title == "After"));
        Assert.Equal(HumanTaskStatus.Completed, (await check.Set<HumanTaskRecord>().SingleAsync(t => t.Title == "Before")).Status);
    }

    [Fact]
    public async Task DeferredStart_HostDiesBeforeRunning_WorkerOnAnotherHostRunsItOnce()
    {
        using (var doomed = _db.NewHost("doomed", null, new WriteNoteActivity()))
        {
            await doomed.PublishAsync(Notes);
            await doomed.Runtime.StartAsync("notes", new JsonObject { ["key"] = "n1" }, new() { Defer = true });
        }

        using var survivor = _db.NewHost("survivor", null, new WriteNoteActivity());
        using var other = _db.NewHost("other", null, new WriteNoteActivity());
        var handled = await Task.WhenAll(survivor.Runtime.ProcessPendingWorkAsync(), other.Runtime.ProcessPendingWorkAsync());

        Assert.Equal(1, handled.Sum());
        await using var db = _db.Open();
        Assert.Equal(1, await db.Set<HumanTaskRecord>().CountAsync());
        Assert.Equal(1, await db.Notes.CountAsync());
        Assert.Equal(WorkflowStatus.Suspended, (await db.Set<WorkflowInstanceRecord>().SingleAsync()).Status);
    }

    [Fact]
    public async Task Step_DomainWriteFails_InstanceStateIsNotSavedEither()
    {
        using var host = _db.NewHost(null, null, new WriteNoteActivity());
        await host.PublishAsync(Notes);
        await host.Runtime.StartAsync("notes", new JsonObject { ["key"] = "dup" });

        // The second start writes a note with the same unique key: the whole step must roll back.
        await Assert.ThrowsAsync<DbUpdateException>(() => host.Runtime.StartAsync("notes", new JsonObject { ["key"] = "dup" }));

        await using var db = _db.Open();
        Assert.Equal(1, await db.Set<WorkflowInstanceRecord>().CountAsync());
        Assert.Equal(1, await db.Set<HumanTaskRecord>().CountAsync());
        Assert.Equal(1, await db.Notes.CountAsync());
    }

    [Fact]
    public async Task Fault_ThenCancel_ResolvesIncidentAsCancelled()
    {
        using var host = _db.NewHost();
        await host.PublishAsync("""
            {
              "definitionId": "flaky", "name": "Flaky",
              "inputs": [{ "name": "ok", "type": "boolean" }],
              "activities": [
                { "id": "start", "type": "core.start" },
                { "id": "check", "type": "core.setVariable", "inputs": { "variable": "x", "value": { "expr": "no_such_object.value" } } }
              ],
              "connections": [ { "from": "start", "to": "check" } ]
            }
            """);
        var started = await host.Runtime.StartAsync("flaky", null);
        Assert.Equal(WorkflowStatus.Faulted, started.Status);
        await using (var db = _db.Open())
        {
            var incident = await db.Set<IncidentRecord>().SingleAsync();
            Assert.Equal("check", incident.ActivityId);
            Assert.Null(incident.ResolvedAt);
        }

        var cancelled = await host.Runtime.CancelAsync(started.InstanceId);

        Assert.Equal(WorkflowStatus.Cancelled, cancelled.Status);
        await using var after = _db.Open();
        Assert.Equal("cancelled", (await after.Set<IncidentRecord>().SingleAsync()).Resolution);
    }

    [Fact]
    public async Task Retry_AfterCauseIsFixed_ContinuesFromFailedActivityAndResolvesIncident()
    {
        using var host = _db.NewHost(null, null, new FlakyActivity());
        await host.PublishAsync("""
            {
              "definitionId": "sync-crm", "name": "Sync CRM",
              "activities": [
                { "id": "start", "type": "core.start" },
                { "id": "count", "type": "core.setVariable", "inputs": { "variable": "runs", "value": 1 } },
                { "id": "sync", "type": "test.flaky" },
                { "id": "task", "type": "core.humanTask", "inputs": { "title": "Check sync" } }
              ],
              "connections": [ { "from": "start", "to": "count" }, { "from": "count", "to": "sync" }, { "from": "sync", "to": "task" } ]
            }
            """);
        FlakyActivity.Broken = true;
        var started = await host.Runtime.StartAsync("sync-crm", null);
        Assert.Equal(WorkflowStatus.Faulted, started.Status);
        Assert.Equal("InvalidOperationException: The CRM is down.", started.Incident!.Message);

        FlakyActivity.Broken = false;
        var retried = await host.Runtime.RetryAsync(started.InstanceId);

        Assert.Equal(WorkflowStatus.Suspended, retried.Status);
        await using var db = _db.Open();
        Assert.Equal("retried", (await db.Set<IncidentRecord>().SingleAsync()).Resolution);
        Assert.Equal(1, await db.Set<HumanTaskRecord>().CountAsync());
        // The activities before the failure ran once: retry re-runs only the failed one.
        Assert.Equal(1, await db.Set<JournalRecord>().CountAsync(j => j.ActivityId == "count"));
        Assert.Equal(2, await db.Set<JournalRecord>().CountAsync(j => j.ActivityId == "sync"));
    }

    private async Task<string> FirstInstanceId()
    {
        await using var db = _db.Open();
        return await db.Set<WorkflowInstanceRecord>().Select(i => i.Id).SingleAsync();
    }
}
