using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Engine.Tests.Durable;

/// <summary>Writes a note, then fails while <see cref="Broken"/> is set: half-done work.</summary>
[Activity("test.writeThenFail", "Test", "Adds a note, then fails while the test says so.")]
public sealed class WriteThenFailActivity : Activity
{
    public static bool Broken { get; set; } = true;

    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Services.GetRequiredService<DbContext>();
        db.Add(new Note { Key = "half-done", Text = "written before the failure" });
        // An existing row changed before the failure too.
        var first = await db.Set<Note>().SingleAsync(n => n.Key == "before");
        first.Text = "changed by the failed activity";
        if (Broken) throw new InvalidOperationException("The CRM is down.");
        return ActivityOutcome.Done;
    }
}

[Collection("static-activity-switch")]
public sealed class FaultUndoTests : IDisposable
{
    private const string Flow = """
        {
          "definitionId": "half-done", "name": "Half done",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "before", "type": "test.writeNote", "inputs": { "key": "before" } },
            { "id": "risky", "type": "test.writeThenFail" }
          ],
          "connections": [ { "from": "start", "to": "before" }, { "from": "before", "to": "risky" } ]
        }
        """;

    private readonly SqliteDatabase _db = new();

    public void Dispose()
    {
        WriteThenFailActivity.Broken = true;
        _db.Dispose();
    }

    [Fact]
    public async Task Step_ActivityFailsHalfWay_EarlierWorkKeptFailedActivitysChangesDropped()
    {
        using var host = _db.NewHost(extraActivities: [new WriteNoteActivity(), new WriteThenFailActivity()]);
        await host.PublishAsync(Flow);
        WriteThenFailActivity.Broken = true;

        var run = await host.Runtime.StartAsync("half-done", null);

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        await using (var db = _db.Open())
        {
            var note = await db.Notes.SingleAsync();
            Assert.Equal(("before", "written by workflow"), (note.Key, note.Text));
        }

        WriteThenFailActivity.Broken = false;
        var retried = await host.Runtime.RetryAsync(run.InstanceId);

        Assert.Equal(WorkflowStatus.Finished, retried.Status);
        await using var check = _db.Open();
        var notes = await check.Notes.OrderBy(n => n.Key).ToListAsync();
        Assert.Equal(["before", "half-done"], notes.Select(n => n.Key));
        Assert.Equal("changed by the failed activity", notes[0].Text);
    }
}
