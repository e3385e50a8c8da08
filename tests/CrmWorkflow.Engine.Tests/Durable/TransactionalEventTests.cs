using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Engine.Tests.Durable;

/// <summary>Raising an event inside the caller's transaction (a record and its workflows commit together).</summary>
public sealed class TransactionalEventTests : IDisposable
{
    private const string NoteTaker = """
        {
          "definitionId": "note-taker", "name": "Note taker",
          "triggers": [{ "event": "record.created" }],
          "inputs": [{ "name": "key", "type": "string", "required": true }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "write", "type": "test.writeNote", "inputs": { "key": { "expr": "input.key" } } },
            { "id": "task", "type": "core.humanTask", "inputs": { "title": "Follow up", "role": "ClientManager" } }
          ],
          "connections": [ { "from": "start", "to": "write" }, { "from": "write", "to": "task" } ]
        }
        """;

    private readonly SqliteDatabase _db = new();
    private readonly TestHost _host;

    public TransactionalEventTests()
    {
        _host = _db.NewHost(extraActivities: new WriteNoteActivity());
        _host.PublishAsync(NoteTaker).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _host.Dispose();
        _db.Dispose();
    }

    private async Task<TransactionalEvent> RaiseAsync(string callerKey, string workflowKey, bool commit)
    {
        await using var db = _db.Open();
        await using var tx = await db.Database.BeginTransactionAsync();
        db.Notes.Add(new Note { Key = callerKey, Text = "by the caller" });
        await db.SaveChangesAsync();
        var raised = await _host.Runtime.RaiseEventInTransactionAsync(db, "record.created", callerKey, new JsonObject { ["key"] = workflowKey });
        if (commit) await tx.CommitAsync(); else await tx.RollbackAsync();
        return raised;
    }

    [Fact]
    public async Task RaiseInTransaction_CallerCommits_RecordInstanceTaskAndWorkflowRowCommitTogether()
    {
        var raised = await RaiseAsync("caller-1", "flow-1", commit: true);
        await _host.Runtime.CompleteAsync(raised);

        Assert.False(raised.Queued);
        await using var db = _db.Open();
        Assert.Equal(["caller-1", "flow-1"], await db.Notes.OrderBy(n => n.Key).Select(n => n.Key).ToListAsync());
        var instance = await db.Set<WorkflowInstanceRecord>().SingleAsync();
        Assert.Equal(Assert.Single(raised.StartedInstances), instance.Id);
        Assert.Equal(WorkflowStatus.Suspended, instance.Status);
        Assert.Equal("caller-1", instance.CorrelationId);
        Assert.Single(await db.Set<HumanTaskRecord>().ToListAsync());
        Assert.Empty(await db.Set<WorkItemRecord>().ToListAsync());
    }

    [Fact]
    public async Task RaiseInTransaction_CallerRollsBack_NothingOfTheEventRemains()
    {
        await RaiseAsync("caller-1", "flow-1", commit: false);

        await using var db = _db.Open();
        Assert.Empty(await db.Notes.ToListAsync());
        Assert.Empty(await db.Set<WorkflowInstanceRecord>().ToListAsync());
        Assert.Empty(await db.Set<HumanTaskRecord>().ToListAsync());
        Assert.Empty(await db.Set<WorkItemRecord>().ToListAsync());
    }

    [Fact]
    public async Task RaiseInTransaction_WorkflowStepFailsOnData_CallerRowKeptAndEventQueuedWithoutHalfAnInstance()
    {
        await using (var db = _db.Open())
        {
            db.Notes.Add(new Note { Key = "taken", Text = "exists" });
            await db.SaveChangesAsync();
        }

        // The workflow's note collides with an existing key: its step cannot commit.
        var raised = await RaiseAsync("caller-2", "taken", commit: true);

        Assert.True(raised.Queued);
        Assert.Empty(raised.StartedInstances);
        await using var check = _db.Open();
        Assert.Equal(["caller-2", "taken"], await check.Notes.OrderBy(n => n.Key).Select(n => n.Key).ToListAsync());
        Assert.Empty(await check.Set<WorkflowInstanceRecord>().ToListAsync());
        Assert.Empty(await check.Set<HumanTaskRecord>().ToListAsync());
        var queued = await check.Set<WorkItemRecord>().SingleAsync();
        Assert.Equal(("record.created", "caller-2"), (queued.Name, queued.CorrelationId));
    }

    [Fact]
    public async Task RaiseInTransaction_EventsOverTime_InstanceIdsSortInTheOrderRaised()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            _db.Clock.Advance(TimeSpan.FromMilliseconds(3));
            var raised = await RaiseAsync($"caller-{i}", $"flow-{i}", commit: true);
            ids.Add(Assert.Single(raised.StartedInstances));
        }

        // New instances go to the end of every index keyed by instance id, not to a random page.
        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(5, ids.Distinct().Count());
    }

    [Fact]
    public void DeterministicId_SameEventAndDefinition_SameIdEveryTime()
    {
        var eventId = Guid.CreateVersion7(_db.Clock.GetUtcNow()).ToString("N");

        Assert.Equal(WorkflowRuntime.DeterministicId(eventId, "lead-routing"), WorkflowRuntime.DeterministicId(eventId, "lead-routing"));
        Assert.NotEqual(WorkflowRuntime.DeterministicId(eventId, "lead-routing"), WorkflowRuntime.DeterministicId(eventId, "other"));
        Assert.StartsWith(eventId[..12], WorkflowRuntime.DeterministicId(eventId, "lead-routing"));
        // An id from elsewhere (not a version-7 UUID) still gives a stable 32-digit id.
        Assert.Equal(32, WorkflowRuntime.DeterministicId("external-42", "lead-routing").Length);
    }

    [Theory]
    [InlineData("flow-3", false)]
    [InlineData("taken", true)]
    public async Task RaiseInTransaction_CallerRowNotSavedYet_StoredWithTheStepOrWithTheQueuedEvent(string workflowKey, bool startFails)
    {
        await using (var seed = _db.Open())
        {
            seed.Notes.Add(new Note { Key = "taken", Text = "exists" });
            await seed.SaveChangesAsync();
        }

        TransactionalEvent raised;
        await using (var db = _db.Open())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Notes.Add(new Note { Key = "caller-3", Text = "as it came" });
            raised = await _host.Runtime.RaiseEventInTransactionAsync(db, "record.created", "caller-3", new JsonObject { ["key"] = workflowKey });
            await tx.CommitAsync();
        }

        Assert.Equal(startFails, raised.Queued);
        await using var check = _db.Open();
        Assert.Equal("as it came", (await check.Notes.SingleAsync(n => n.Key == "caller-3")).Text);
        Assert.Equal(startFails ? 0 : 1, await check.Set<WorkflowInstanceRecord>().CountAsync());
        Assert.Equal(startFails ? 1 : 0, await check.Set<WorkItemRecord>().CountAsync());
    }

    [Fact]
    public async Task RaiseInTransaction_NoTransaction_Refused()
    {
        await using var db = _db.Open();
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _host.Runtime.RaiseEventInTransactionAsync(db, "record.created", null, new JsonObject { ["key"] = "x" }));
    }

    [Fact]
    public async Task RaiseEvent_PayloadNotWhatTheWorkflowTakes_FaultedInstanceWithIncidentAndNoEndlessRetry()
    {
        var raised = await _host.Runtime.RaiseEventAsync("record.created", "c-9", new JsonObject { ["other"] = 1 });

        var id = Assert.Single(raised.StartedInstances);
        await using var db = _db.Open();
        var instance = await db.Set<WorkflowInstanceRecord>().SingleAsync(i => i.Id == id);
        Assert.Equal(WorkflowStatus.Faulted, instance.Status);
        var incident = await db.Set<IncidentRecord>().SingleAsync(i => i.InstanceId == id);
        Assert.Contains("record.created", incident.Message);
        Assert.Contains("key", incident.Message);
        Assert.Empty(await db.Set<WorkItemRecord>().ToListAsync());
        Assert.Equal(0, await _host.Runtime.ProcessPendingWorkAsync());
    }
}
