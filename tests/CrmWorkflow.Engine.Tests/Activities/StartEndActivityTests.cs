using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

public class StartEndActivityTests
{
    private readonly TestEngine _engine = new();

    [Fact]
    public async Task Start_StartConnectedToEnd_FinishesWithJournalInOrder()
    {
        var flow = _engine.Compile(Flow.Of(
            """{ "id": "start", "type": "core.start" }, { "id": "end", "type": "core.end" }""",
            """{ "from": "start", "to": "end" }"""));

        var (state, effects) = await _engine.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal(_engine.Clock.GetUtcNow(), state.FinishedAt);
        Assert.Equal(["start", "end"], effects.Journal.Select(j => j.ActivityId));
        Assert.Equal([1, 2], effects.Journal.Select(j => j.Sequence));
    }

    [Fact]
    public async Task Start_LastActivityHasNoConnection_FinishesWhenOutOfWork()
    {
        var flow = _engine.Compile(Flow.Of(
            """{ "id": "start", "type": "core.start" }, { "id": "note", "type": "core.log", "inputs": { "message": "hi" } }""",
            """{ "from": "start", "to": "note" }"""));

        var (state, effects) = await _engine.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal(["start", "note"], effects.Journal.Select(j => j.ActivityId));
    }

    private const string EndRacesTask = """
        { "id": "start", "type": "core.start" },
        { "id": "fork",  "type": "core.fork", "inputs": { "branches": ["work", "stop"] } },
        { "id": "task",  "type": "core.humanTask", "inputs": { "title": "Review", "escalateIn": "PT1H" } },
        { "id": "wait",  "type": "core.waitEvent", "inputs": { "event": "customer.replied" } },
        { "id": "end",   "type": "core.end" }
        """;

    [Fact]
    public async Task End_OtherBranchesStillOpen_FinishesAndCancelsTasksAndBookmarks()
    {
        var flow = _engine.Compile(Flow.Of(EndRacesTask, """
            { "from": "start", "to": "fork" }, { "from": "fork", "port": "work", "to": "task" },
            { "from": "fork", "port": "work", "to": "wait" }, { "from": "fork", "port": "stop", "to": "end" }
            """));

        var (state, effects) = await _engine.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Empty(state.Bookmarks);
        Assert.Empty(state.Queue);
        var created = Assert.Single(effects.TasksCreated);
        var closed = Assert.Single(effects.TasksClosed);
        Assert.Equal(created.Id, closed.TaskId);
        Assert.False(closed.Completed);
        Assert.Null(closed.Outcome);
    }

    [Fact]
    public async Task End_ReachedAfterResume_CancelsTaskOfParallelBranch()
    {
        var flow = _engine.Compile(Flow.Of(EndRacesTask, """
            { "from": "start", "to": "fork" }, { "from": "fork", "port": "work", "to": "task" },
            { "from": "fork", "port": "stop", "to": "wait" }, { "from": "wait", "port": "received", "to": "end" }
            """));
        var (state, start) = await _engine.StartAsync(flow);
        Assert.Equal(3, state.Bookmarks.Count); // task, its escalation timer, the event

        var effects = await _engine.ResumeAsync(flow, state, state.Bookmarks.Single(b => b.Kind == BookmarkKind.Event), new { });

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Empty(state.Bookmarks);
        var closed = Assert.Single(effects.TasksClosed);
        Assert.Equal(start.TasksCreated[0].Id, closed.TaskId);
        Assert.False(closed.Completed);
    }
}
