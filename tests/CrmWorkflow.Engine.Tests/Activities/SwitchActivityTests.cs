using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

public class SwitchActivityTests
{
    private readonly TestEngine _engine = new();

    private CompiledWorkflow Switch(string mode) => _engine.Compile(Flow.Of($$"""
        { "id": "start", "type": "core.start" },
        { "id": "route", "type": "core.switch", "inputs": { "mode": "{{mode}}", "cases": [
            { "name": "hot",  "condition": "input.score >= 70" },
            { "name": "warm", "condition": "input.score >= 40" },
            { "name": "tiny", "condition": "input.score < 5" } ] } },
        { "id": "onHot",  "type": "core.log", "inputs": { "message": "hot" } },
        { "id": "onWarm", "type": "core.log", "inputs": { "message": "warm" } },
        { "id": "onTiny", "type": "core.log", "inputs": { "message": "tiny" } },
        { "id": "onDefault", "type": "core.log", "inputs": { "message": "default" } }
        """, """
        { "from": "start", "to": "route" },
        { "from": "route", "port": "hot", "to": "onHot" }, { "from": "route", "port": "warm", "to": "onWarm" },
        { "from": "route", "port": "tiny", "to": "onTiny" }, { "from": "route", "port": "default", "to": "onDefault" }
        """, """ "inputs": [{ "name": "score", "type": "number", "required": true }],"""));

    private static string[] Ran(ExecutionEffects effects) =>
        effects.Journal.Select(j => j.ActivityId).Where(id => id.StartsWith("on", StringComparison.Ordinal)).ToArray();

    [Theory]
    [InlineData(85, new[] { "onHot" })]
    [InlineData(50, new[] { "onWarm" })]
    [InlineData(2, new[] { "onTiny" })]
    [InlineData(20, new[] { "onDefault" })]
    public async Task Switch_FirstMode_FollowsOnlyFirstMatchingCase(int score, string[] expected)
    {
        var (state, effects) = await _engine.StartAsync(Switch("first"), new { score });

        Assert.Equal(expected, Ran(effects));
        Assert.Equal(expected[0][2..].ToLowerInvariant(), state.Outputs["route"]!["matched"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Switch_AllMode_FollowsEveryMatchingCase()
    {
        var (state, effects) = await _engine.StartAsync(Switch("all"), new { score = 85 });

        Assert.Equal(["onHot", "onWarm"], Ran(effects));
        Assert.Equal("hot,warm", effects.Journal.Single(j => j.ActivityId == "route").Port);
        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }

    [Fact]
    public async Task Switch_AllModeNothingMatches_FollowsDefaultOnly()
    {
        var (_, effects) = await _engine.StartAsync(Switch("all"), new { score = 20 });

        Assert.Equal(["onDefault"], Ran(effects));
    }

    [Fact]
    public async Task Switch_DefaultPortUnconnectedAndNoMatch_FinishesQuietly()
    {
        var flow = _engine.Compile(Flow.Of("""
            { "id": "start", "type": "core.start" },
            { "id": "route", "type": "core.switch", "inputs": { "cases": [{ "name": "a", "condition": "false" }] } },
            { "id": "onA", "type": "core.log", "inputs": { "message": "a" } }
            """, """{ "from": "start", "to": "route" }, { "from": "route", "port": "a", "to": "onA" }"""));

        var (state, effects) = await _engine.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal("default", effects.Journal[^1].Port);
        Assert.DoesNotContain(effects.Journal, j => j.ActivityId == "onA");
    }
}
