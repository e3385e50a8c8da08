using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Engine.Tests.Durable;

/// <summary>Open inboxes hear about task changes only once the step that made them committed.</summary>
public sealed class TaskChangesTests : IDisposable
{
    private const string NoteThenTask = """
        {
          "definitionId": "note-then-task", "name": "Note then task",
          "inputs": [{ "name": "key", "type": "string", "required": true }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "write", "type": "test.writeNote", "inputs": { "key": { "expr": "input.key" } } },
            { "id": "call", "type": "core.humanTask", "inputs": { "title": "Call back", "queue": "sales", "outcomes": ["done"] } }
          ],
          "connections": [ { "from": "start", "to": "write" }, { "from": "write", "to": "call" } ]
        }
        """;

    private readonly SqliteDatabase _db = new();
    private readonly TestHost _host;
    // What a listener saw when it was told: the task ids, and whether those rows were readable then.
    private readonly ConcurrentQueue<(IReadOnlyCollection<string> Ids, bool Committed)> _heard = new();

    public TaskChangesTests()
    {
        _host = _db.NewHost(extraActivities: new WriteNoteActivity());
        _host.PublishAsync(NoteThenTask).GetAwaiter().GetResult();
        _host.Services.GetRequiredService<TaskChanges>().Changed += ids =>
        {
            // A separate connection sees only committed rows.
            using var db = _db.Open();
            _heard.Enqueue((ids, db.Set<HumanTaskRecord>().Count(t => ids.Contains(t.Id)) == ids.Count));
        };
    }

    public void Dispose()
    {
        _host.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task Start_WorkflowCreatesTask_ListenersHearAfterCommit()
    {
        var started = await _host.Runtime.StartAsync("note-then-task", new JsonObject { ["key"] = "a" });

        var (ids, committed) = Assert.Single(_heard);
        Assert.Equal(Assert.Single(started.TasksCreated).Id, Assert.Single(ids));
        Assert.True(committed);
    }

    [Fact]
    public async Task Start_StepRollsBack_ListenersHearNothing()
    {
        await using (var db = _db.Open())
        {
            db.Notes.Add(new Note { Key = "taken", Text = "already there" });
            await db.SaveChangesAsync();
        }

        // The note's unique key fails the step's save: its instance and task roll back with it.
        await Assert.ThrowsAnyAsync<DbUpdateException>(() => _host.Runtime.StartAsync("note-then-task", new JsonObject { ["key"] = "taken" }));

        Assert.Empty(_heard);
        await using var check = _db.Open();
        Assert.Empty(await check.Set<HumanTaskRecord>().ToListAsync());
    }

    [Fact]
    public async Task AssignAndComplete_Task_EachIsJournaledAndHeard()
    {
        var task = Assert.Single((await _host.Runtime.StartAsync("note-then-task", new JsonObject { ["key"] = "b" })).TasksCreated);
        _heard.Clear();

        await _host.Runtime.AssignTaskAsync(task.Id, null, "ann", "task.claimed");
        await Assert.ThrowsAsync<TaskAssignmentConflictException>(() => _host.Runtime.AssignTaskAsync(task.Id, null, "bob", "task.claimed"));
        await _host.Runtime.CompleteTaskAsync(task.Id, "done", null, "ann");

        Assert.Equal(2, _heard.Count);
        Assert.All(_heard, h => Assert.Equal(task.Id, Assert.Single(h.Ids)));
        await using var db = _db.Open();
        var stored = await db.Set<HumanTaskRecord>().SingleAsync();
        Assert.Equal(("ann", HumanTaskStatus.Completed), (stored.Assignee, stored.Status));
        var claim = await db.Set<JournalRecord>().SingleAsync(j => j.ActivityType == "task.claimed");
        Assert.Equal(("call", "ann"), (claim.ActivityId, claim.Port));
    }
}
