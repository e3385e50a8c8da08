using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

public class RaiseEventActivityTests
{
    private readonly TestEngine _engine = new();

    [Fact]
    public async Task RaiseEvent_WithExpressions_RecordsEventWithEvaluatedCorrelationAndPayload()
    {
        var flow = _engine.Compile(Flow.Of("""
            { "id": "start", "type": "core.start" },
            { "id": "raise", "type": "core.raiseEvent", "inputs": {
                "event": "lead.qualified",
                "correlationId": { "expr": "input.leadId" },
                "payload": { "expr": "{ lead: input.leadId, score: input.score + 1 }" } } }
            """, """{ "from": "start", "to": "raise" }""",
            """ "inputs": [{ "name": "leadId", "type": "string" }, { "name": "score", "type": "number" }],"""));

        var (state, effects) = await _engine.StartAsync(flow, new { leadId = "L-9", score = 41 });

        var raised = Assert.Single(effects.Events);
        Assert.Equal("lead.qualified", raised.Name);
        Assert.Equal("L-9", raised.CorrelationId);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "lead": "L-9", "score": 42 }"""), raised.Payload));
        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }

    [Fact]
    public async Task RaiseEvent_LiteralPayloadNoCorrelation_RecordsPayloadAsWritten()
    {
        var flow = _engine.Compile(Flow.Of("""
            { "id": "start", "type": "core.start" },
            { "id": "raise", "type": "core.raiseEvent", "inputs": { "event": "ping", "payload": { "a": 1, "b": [true] } } }
            """, """{ "from": "start", "to": "raise" }"""));

        var (_, effects) = await _engine.StartAsync(flow);

        var raised = Assert.Single(effects.Events);
        Assert.Null(raised.CorrelationId);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "a": 1, "b": [true] }"""), raised.Payload));
    }
}
