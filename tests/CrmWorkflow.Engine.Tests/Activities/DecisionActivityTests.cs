using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

public class DecisionActivityTests
{
    private readonly TestEngine _engine = new();

    private CompiledWorkflow Decide(string condition) => _engine.Compile(Flow.Of($$"""
        { "id": "start", "type": "core.start" },
        { "id": "hot",   "type": "core.decision", "inputs": { "condition": {{condition}} } },
        { "id": "yes",   "type": "core.log", "inputs": { "message": "yes" } },
        { "id": "no",    "type": "core.log", "inputs": { "message": "no" } }
        """, """
        { "from": "start", "to": "hot" },
        { "from": "hot", "port": "true", "to": "yes" }, { "from": "hot", "port": "false", "to": "no" }
        """, """ "inputs": [{ "name": "score", "type": "number" }, { "name": "vip", "type": "boolean" }],"""));

    [Theory]
    [InlineData(70, "yes")]
    [InlineData(69, "no")]
    public async Task Decision_ConditionOnInput_FollowsMatchingPortOnly(int score, string expected)
    {
        var flow = Decide("""{ "expr": "input.score >= 70" }""");

        var (state, effects) = await _engine.StartAsync(flow, new { score });

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal(["start", "hot", expected], effects.Journal.Select(j => j.ActivityId));
        Assert.Equal(expected == "yes" ? "true" : "false", effects.Journal[1].Port);
    }

    [Fact]
    public async Task Decision_MissingOptionalInput_TreatsNullAsFalse()
    {
        var flow = Decide("""{ "expr": "input.vip" }""");

        var (_, effects) = await _engine.StartAsync(flow, new { score = 1 });

        Assert.Equal("no", effects.Journal[^1].ActivityId);
    }

    [Fact]
    public async Task Decision_LiteralTrue_FollowsTruePort()
    {
        var flow = Decide("true");

        var (_, effects) = await _engine.StartAsync(flow);

        Assert.Equal("yes", effects.Journal[^1].ActivityId);
    }
}
