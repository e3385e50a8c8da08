using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

public class RunWorkflowActivityTests
{
    private readonly TestEngine _engine = new();

    private CompiledWorkflow Parent(string wait) => _engine.Compile(Flow.Of($$$"""
        { "id": "start", "type": "core.start" },
        { "id": "child", "type": "core.runWorkflow", "inputs": {
            "definitionId": "credit-check", "version": 3, "wait": {{{wait}}},
            "input": { "expr": "{ leadId: input.leadId, amount: 100 }" } } },
        { "id": "after", "type": "core.log", "inputs": { "message": { "template": "approved={{ outputs.child.result?.approved }}" } } }
        """, """{ "from": "start", "to": "child" }, { "from": "child", "to": "after" }""",
        """ "inputs": [{ "name": "leadId", "type": "string" }],"""));

    private async Task<(WorkflowInstanceState, ExecutionEffects)> StartAsync(CompiledWorkflow flow)
    {
        var state = _engine.Executor.CreateInstance(flow, TestEngine.ToObject(new { leadId = "L-1" }), correlationId: "lead-L-1");
        return (state, await _engine.Executor.RunAsync(flow, state, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RunWorkflow_Wait_RecordsChildStartAndWaitsOnChildBookmark()
    {
        var (state, effects) = await StartAsync(Parent("true"));

        var child = Assert.Single(effects.Children);
        Assert.Equal("credit-check", child.DefinitionId);
        Assert.Equal(3, child.Version);
        Assert.Equal("lead-L-1", child.CorrelationId);
        Assert.Equal("child", child.ParentActivityId);
        Assert.True(child.Wait);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "leadId": "L-1", "amount": 100 }"""), child.Input));
        var bookmark = Assert.Single(state.Bookmarks);
        Assert.Equal(BookmarkKind.Child, bookmark.Kind);
        Assert.Equal(child.ChildInstanceId, bookmark.ChildInstanceId);
        Assert.Equal(child.ChildInstanceId, state.Outputs["child"]!["childInstanceId"]!.GetValue<string>());
        Assert.Equal(WorkflowStatus.Suspended, state.Status);
    }

    [Fact]
    public async Task RunWorkflow_ChildFinished_SetsResultFromChildVariables()
    {
        var flow = Parent("true");
        var (state, _) = await StartAsync(flow);

        await _engine.ResumeAsync(flow, state, state.Bookmarks[0], new { variables = new { approved = true, limit = 5000 } });

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "approved": true, "limit": 5000 }"""), state.Outputs["child"]!["result"]));
        Assert.Equal("approved=true", state.Outputs["after"]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task RunWorkflow_NoWait_ContinuesAtOnce()
    {
        var (state, effects) = await StartAsync(Parent("false"));

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Empty(state.Bookmarks);
        Assert.False(Assert.Single(effects.Children).Wait);
        Assert.Equal("after", effects.Journal[^1].ActivityId);
    }
}
