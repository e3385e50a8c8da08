using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Runtime;

// Validation forbids loops without a waiting activity, so a valid definition cannot loop forever;
// these tests lower the per-run budget to reach the guard with a straight line of activities.
public class RunawayLoopTests
{
    private readonly TestEngine _engine = new();

    private CompiledWorkflow Line() => _engine.Compile(Flow.Of("""
        { "id": "start", "type": "core.start" },
        { "id": "a", "type": "core.log", "inputs": { "message": "a" } },
        { "id": "b", "type": "core.log", "inputs": { "message": "b" } },
        { "id": "c", "type": "core.log", "inputs": { "message": "c" } },
        { "id": "end", "type": "core.end" }
        """, """
        { "from": "start", "to": "a" }, { "from": "a", "to": "b" }, { "from": "b", "to": "c" }, { "from": "c", "to": "end" }
        """));

    private WorkflowExecutor Executor(int max) => new(_engine.Expressions, _engine.Clock) { MaxActivitiesPerRun = max };

    [Fact]
    public async Task Run_MoreActivitiesThanBudget_FaultsAsRunawayLoopBeforeNextActivity()
    {
        var flow = Line();
        var executor = Executor(3);
        var state = executor.CreateInstance(flow, null);

        var effects = await executor.RunAsync(flow, state, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowStatus.Faulted, state.Status);
        Assert.Equal("c", state.Incident!.ActivityId);
        Assert.Contains("More than 3 activities ran without waiting", state.Incident.Message);
        Assert.Equal(["start", "a", "b", "c"], effects.Journal.Select(j => j.ActivityId));
        Assert.Null(effects.Journal[^1].Port);
    }

    [Fact]
    public async Task Retry_AfterRunawayFault_RunsStoppedActivityOnce()
    {
        var flow = Line();
        var executor = Executor(3);
        var state = executor.CreateInstance(flow, null);
        await executor.RunAsync(flow, state, cancellationToken: TestContext.Current.CancellationToken);

        var effects = await executor.RetryAsync(flow, state, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal(["c", "end"], effects.Journal.Select(j => j.ActivityId));
    }

    [Fact]
    public async Task Run_WithinBudget_Finishes()
    {
        var flow = Line();
        var executor = Executor(5);
        var state = executor.CreateInstance(flow, null);

        await executor.RunAsync(flow, state, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }
}
