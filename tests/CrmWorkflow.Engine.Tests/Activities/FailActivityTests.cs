using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

public class FailActivityTests
{
    private readonly TestEngine _engine = new();

    private CompiledWorkflow Failing() => _engine.Compile(Flow.Of("""
        { "id": "start", "type": "core.start" },
        { "id": "before", "type": "core.log", "inputs": { "message": "before" } },
        { "id": "stop",  "type": "core.fail", "inputs": { "message": { "template": "Lead {{ input.leadId }} is blocked" } } }
        """, """{ "from": "start", "to": "before" }, { "from": "before", "to": "stop" }""",
        """ "inputs": [{ "name": "leadId", "type": "string" }],"""));

    [Fact]
    public async Task Fail_Reached_FaultsWithIncidentCarryingRenderedMessage()
    {
        var (state, effects) = await _engine.StartAsync(Failing(), new { leadId = "L-7" });

        Assert.Equal(WorkflowStatus.Faulted, state.Status);
        var incident = state.Incident!;
        Assert.Same(incident, effects.Incident);
        Assert.Equal("stop", incident.ActivityId);
        Assert.Equal("core.fail", incident.ActivityType);
        Assert.EndsWith("Lead L-7 is blocked", incident.Message);
        Assert.Equal(_engine.Clock.GetUtcNow(), incident.At);
        Assert.Equal(incident.Message, effects.Journal[^1].Error);
        Assert.Null(state.FinishedAt);
    }

    [Fact]
    public async Task Retry_FaultedAtFail_RerunsOnlyTheFailedActivity()
    {
        var flow = Failing();
        var (state, _) = await _engine.StartAsync(flow, new { leadId = "L-7" });
        var firstIncident = state.Incident!.Id;
        _engine.Clock.Advance(TimeSpan.FromMinutes(1));

        var effects = await _engine.Executor.RetryAsync(flow, state, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["stop"], effects.Journal.Select(j => j.ActivityId));
        Assert.Equal(WorkflowStatus.Faulted, state.Status);
        Assert.NotEqual(firstIncident, state.Incident!.Id);
        Assert.Equal(_engine.Clock.GetUtcNow(), state.Incident.At);
    }

    [Fact]
    public async Task Resume_FaultedInstance_IsRefused()
    {
        var flow = Failing();
        var (state, _) = await _engine.StartAsync(flow, new { leadId = "L-7" });

        await Assert.ThrowsAsync<InvalidWorkflowStateException>(() =>
            _engine.Executor.ResumeAsync(flow, state, "any", null, cancellationToken: TestContext.Current.CancellationToken).AsTask());
    }
}
