using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

public class ForkJoinActivityTests
{
    private readonly TestEngine _engine = new();

    private CompiledWorkflow TwoTasks(string mode) => _engine.Compile(Flow.Of($$"""
        { "id": "start", "type": "core.start" },
        { "id": "fork",  "type": "core.fork", "inputs": { "branches": ["credit", "legal"] } },
        { "id": "creditCheck", "type": "core.humanTask", "inputs": { "title": "Credit check" } },
        { "id": "legalCheck",  "type": "core.humanTask", "inputs": { "title": "Legal check", "escalateIn": "PT8H" } },
        { "id": "join",  "type": "core.join", "inputs": { "mode": "{{mode}}" } },
        { "id": "after", "type": "core.log", "inputs": { "message": "joined" } }
        """, """
        { "from": "start", "to": "fork" },
        { "from": "fork", "port": "credit", "to": "creditCheck" }, { "from": "fork", "port": "legal", "to": "legalCheck" },
        { "from": "creditCheck", "to": "join" }, { "from": "legalCheck", "to": "join" }, { "from": "join", "to": "after" }
        """));

    private static BookmarkState TaskOf(WorkflowInstanceState state, string activityId) =>
        state.Bookmarks.Single(b => b.ActivityId == activityId && b.Kind == BookmarkKind.Task);

    [Fact]
    public async Task Fork_TwoBranches_CreatesBothTasksInParallel()
    {
        var (state, effects) = await _engine.StartAsync(TwoTasks("all"));

        Assert.Equal(WorkflowStatus.Suspended, state.Status);
        Assert.Equal(["Credit check", "Legal check"], effects.TasksCreated.Select(t => t.Title));
        Assert.Equal("credit,legal", effects.Journal.Single(j => j.ActivityId == "fork").Port);
    }

    [Fact]
    public async Task JoinAll_OneBranchDone_WaitsForTheOther()
    {
        var flow = TwoTasks("all");
        var (state, _) = await _engine.StartAsync(flow);

        var effects = await _engine.ResumeAsync(flow, state, TaskOf(state, "creditCheck"), new { outcome = "done" });

        Assert.Equal(WorkflowStatus.Suspended, state.Status);
        Assert.DoesNotContain(effects.Journal, j => j.ActivityId is "join" or "after");
        Assert.Single(state.Bookmarks, b => b.Kind == BookmarkKind.Task);
    }

    [Fact]
    public async Task JoinAll_BothBranchesDone_ContinuesExactlyOnce()
    {
        var flow = TwoTasks("all");
        var (state, _) = await _engine.StartAsync(flow);
        await _engine.ResumeAsync(flow, state, TaskOf(state, "legalCheck"), new { outcome = "done" });

        var effects = await _engine.ResumeAsync(flow, state, TaskOf(state, "creditCheck"), new { outcome = "done" });

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal(["creditCheck", "join", "after"], effects.Journal.Select(j => j.ActivityId));
    }

    [Fact]
    public async Task JoinAny_FirstBranchArrives_ContinuesAndCancelsOtherTaskAndItsTimer()
    {
        var flow = TwoTasks("any");
        var (state, started) = await _engine.StartAsync(flow);
        var legalTaskId = started.TasksCreated.Single(t => t.ActivityId == "legalCheck").Id;

        var effects = await _engine.ResumeAsync(flow, state, TaskOf(state, "creditCheck"), new { outcome = "done" });

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Empty(state.Bookmarks);
        Assert.Equal(["creditCheck", "join", "after"], effects.Journal.Select(j => j.ActivityId));
        Assert.Contains(effects.TasksClosed, c => c.TaskId == legalTaskId && !c.Completed);
        Assert.Contains(effects.TasksClosed, c => c.TaskId != legalTaskId && c.Completed);
    }

    [Fact]
    public async Task JoinAny_OtherBranchWaitsOnTimer_CancelsTimerBookmark()
    {
        var flow = _engine.Compile(Flow.Of("""
            { "id": "start", "type": "core.start" },
            { "id": "fork",  "type": "core.fork", "inputs": { "branches": ["fast", "slow"] } },
            { "id": "quick", "type": "core.log", "inputs": { "message": "quick" } },
            { "id": "pause", "type": "core.delay", "inputs": { "duration": "PT1H" } },
            { "id": "join",  "type": "core.join", "inputs": { "mode": "any" } },
            { "id": "after", "type": "core.log", "inputs": { "message": "joined" } }
            """, """
            { "from": "start", "to": "fork" },
            { "from": "fork", "port": "fast", "to": "quick" }, { "from": "fork", "port": "slow", "to": "pause" },
            { "from": "quick", "to": "join" }, { "from": "pause", "to": "join" }, { "from": "join", "to": "after" }
            """));

        var (state, effects) = await _engine.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Empty(state.Bookmarks);
        Assert.Single(effects.Journal, j => j.ActivityId == "after");
    }

    // Branch "offer" may be routed away from the join by a decision; the join must not wait for it.
    private CompiledWorkflow DecisionInBranch() => _engine.Compile(Flow.Of("""
        { "id": "start", "type": "core.start" },
        { "id": "fork",  "type": "core.fork", "inputs": { "branches": ["docs", "offer"] } },
        { "id": "collectDocs", "type": "core.humanTask", "inputs": { "title": "Collect documents" } },
        { "id": "approve", "type": "core.humanTask", "inputs": { "title": "Approve offer", "outcomes": ["yes", "no"] } },
        { "id": "isBig", "type": "core.decision", "inputs": { "condition": { "expr": "outputs.approve.outcome == 'yes'" } } },
        { "id": "archive", "type": "core.log", "inputs": { "message": "offer archived" } },
        { "id": "join",  "type": "core.join" },
        { "id": "after", "type": "core.log", "inputs": { "message": "joined" } }
        """, """
        { "from": "start", "to": "fork" },
        { "from": "fork", "port": "docs", "to": "collectDocs" }, { "from": "fork", "port": "offer", "to": "approve" },
        { "from": "approve", "port": "yes", "to": "isBig" }, { "from": "approve", "port": "no", "to": "isBig" },
        { "from": "isBig", "port": "true", "to": "join" }, { "from": "isBig", "port": "false", "to": "archive" },
        { "from": "collectDocs", "to": "join" }, { "from": "join", "to": "after" }
        """));

    [Fact]
    public async Task JoinAll_DecisionRoutesBranchAwayAfterOtherArrived_JoinFires()
    {
        var flow = DecisionInBranch();
        var (state, _) = await _engine.StartAsync(flow);
        var first = await _engine.ResumeAsync(flow, state, TaskOf(state, "collectDocs"), new { });
        Assert.DoesNotContain(first.Journal, j => j.ActivityId == "after");

        var effects = await _engine.ResumeAsync(flow, state, TaskOf(state, "approve"), new { outcome = "no" });

        Assert.Equal(["approve", "isBig", "archive", "join", "after"], effects.Journal.Select(j => j.ActivityId));
        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }

    [Fact]
    public async Task JoinAll_DecisionRoutesBranchAwayBeforeOtherArrives_JoinFiresOnArrival()
    {
        var flow = DecisionInBranch();
        var (state, _) = await _engine.StartAsync(flow);
        var routedAway = await _engine.ResumeAsync(flow, state, TaskOf(state, "approve"), new { outcome = "no" });
        Assert.DoesNotContain(routedAway.Journal, j => j.ActivityId == "join");

        var effects = await _engine.ResumeAsync(flow, state, TaskOf(state, "collectDocs"), new { });

        Assert.Equal(["collectDocs", "join", "after"], effects.Journal.Select(j => j.ActivityId));
        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }

    [Fact]
    public async Task JoinAll_DecisionSendsBranchToJoin_WaitsForBoth()
    {
        var flow = DecisionInBranch();
        var (state, _) = await _engine.StartAsync(flow);

        var effects = await _engine.ResumeAsync(flow, state, TaskOf(state, "approve"), new { outcome = "yes" });

        Assert.DoesNotContain(effects.Journal, j => j.ActivityId == "after");
        Assert.Equal(WorkflowStatus.Suspended, state.Status);
        var last = await _engine.ResumeAsync(flow, state, TaskOf(state, "collectDocs"), new { });
        Assert.Equal(["collectDocs", "join", "after"], last.Journal.Select(j => j.ActivityId));
    }
}
