using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities.Core;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Runtime;

/// <summary>Running one activity against made-up earlier outputs, as a simulation does.</summary>
public class ProbeTests
{
    private readonly TestEngine _engine = new();

    private CompiledWorkflow Flow_() => _engine.Compile(Flow.Of("""
        { "id": "start", "type": "core.start" },
        { "id": "pick", "type": "core.decisionTable", "inputs": {
            "columns": [{ "name": "score", "expr": "outputs.enrich.score" }],
            "rows": [ { "conditions": [">= 70"], "outputs": { "rule": "hot" } }, { "conditions": ["-"], "outputs": { "rule": "standard" } } ] } },
        { "id": "say", "type": "core.log", "inputs": { "message": { "expr": "outputs.pick.result.rule" } } }
        """, """
        { "from": "start", "to": "pick" }, { "from": "pick", "port": "matched", "to": "say" }, { "from": "pick", "port": "noMatch", "to": "say" }
        """));

    [Theory]
    [InlineData(85, "hot")]
    [InlineData(20, "standard")]
    public async Task ProbeAsync_DecisionTableOnGivenOutputs_TakesPortAndSetsResult(int score, string rule)
    {
        var flow = Flow_();
        var state = new WorkflowInstanceState { DefinitionId = flow.Definition.DefinitionId, Version = flow.Definition.Version };
        state.Outputs["enrich"] = new JsonObject { ["score"] = score };

        var ports = await _engine.Executor.ProbeAsync(flow, state, "pick");

        Assert.Equal(["matched"], ports);
        Assert.Equal(rule, (string?)state.Outputs["pick"]!["result"]!["rule"]);
        var log = (LogActivity)flow["say"].Activity;
        Assert.Equal(rule, _engine.Executor.ProbeInput(flow, state, "say", log.Message, ""));
        Assert.Empty(state.Bookmarks);
        Assert.Equal(WorkflowStatus.Running, state.Status);
    }
}
