using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

public class DecisionTableActivityTests
{
    private readonly TestEngine _engine = new();

    // Columns: score, tier. Rows exercise every kind of unary test.
    private CompiledWorkflow Table(string hitPolicy) => _engine.Compile(Flow.Of($$"""
        { "id": "start", "type": "core.start" },
        { "id": "rules", "type": "core.decisionTable", "inputs": {
            "hitPolicy": "{{hitPolicy}}",
            "columns": [{ "name": "score", "expr": "input.score" }, { "name": "tier", "expr": "input.tier" }],
            "rows": [
              { "conditions": [">= 70", "gold, silver"], "outputs": { "queue": "key-accounts", "owner": { "expr": "input.owner" } } },
              { "conditions": ["10..20", "-"],           "outputs": { "queue": "nurture" } },
              { "conditions": ["-", "bronze"],           "outputs": { "queue": "standard" } },
              { "conditions": ["expr: value < 0", "-"],  "outputs": { "queue": "invalid" } },
              { "conditions": ["= 99", "platinum"],      "outputs": { "queue": "vip" } }
            ] } },
        { "id": "matched", "type": "core.log", "inputs": { "message": "matched" } },
        { "id": "noMatch", "type": "core.log", "inputs": { "message": "no match" } }
        """, """
        { "from": "start", "to": "rules" },
        { "from": "rules", "port": "matched", "to": "matched" }, { "from": "rules", "port": "noMatch", "to": "noMatch" }
        """, """ "inputs": [{ "name": "score", "type": "number" }, { "name": "tier", "type": "string" }, { "name": "owner", "type": "string" }],"""));

    [Theory]
    [InlineData(85, "silver", "key-accounts", 1)] // '>= 70' and a list of bare words
    [InlineData(70, "gold", "key-accounts", 1)]   // boundary of '>= 70'
    [InlineData(10, "gold", "nurture", 2)]        // range includes its lower bound
    [InlineData(20, "none", "nurture", 2)]        // range includes its upper bound, '-' matches anything
    [InlineData(50, "bronze", "standard", 3)]     // a bare word is the string, not a variable
    [InlineData(-5, "gold", "invalid", 4)]        // 'expr:' sees the cell's value
    [InlineData(99, "platinum", "vip", 5)]        // '= 99'
    public async Task DecisionTable_FirstPolicy_OutputsFirstMatchingRow(int score, string tier, string queue, int row)
    {
        var (state, effects) = await _engine.StartAsync(Table("first"), new { score, tier, owner = "mgr-7" });

        var outputs = state.Outputs["rules"]!;
        Assert.Equal(queue, outputs["result"]!["queue"]!.GetValue<string>());
        Assert.Equal([row], outputs["matchedRows"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal("matched", effects.Journal[^1].ActivityId);
    }

    [Theory]
    [InlineData(50, "silver")]  // 50 is neither >= 70 nor in 10..20
    [InlineData(21, "gold")]    // just above the range
    [InlineData(9, "Bronze")]   // bare words match exactly
    public async Task DecisionTable_NoRowMatches_FollowsNoMatchWithEmptyMatchedRows(int score, string tier)
    {
        var (state, effects) = await _engine.StartAsync(Table("first"), new { score, tier });

        Assert.Equal("noMatch", effects.Journal[^1].ActivityId);
        Assert.Empty(state.Outputs["rules"]!["matchedRows"]!.AsArray());
        Assert.Null(state.Outputs["rules"]!["result"]);
    }

    [Fact]
    public async Task DecisionTable_RowOutputExpression_IsEvaluated()
    {
        var (state, _) = await _engine.StartAsync(Table("first"), new { score = 90, tier = "gold", owner = "mgr-7" });

        Assert.Equal("mgr-7", state.Outputs["rules"]!["result"]!["owner"]!.GetValue<string>());
    }

    [Fact]
    public async Task DecisionTable_CollectPolicy_OutputsEveryMatchingRowInOrder()
    {
        var (state, effects) = await _engine.StartAsync(Table("collect"), new { score = 15, tier = "bronze" });

        var outputs = state.Outputs["rules"]!;
        Assert.Equal([2, 3], outputs["matchedRows"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal(["nurture", "standard"], outputs["results"]!.AsArray().Select(r => r!["queue"]!.GetValue<string>()));
        Assert.Equal("matched", effects.Journal[^1].ActivityId);
    }

    [Fact]
    public async Task DecisionTable_UniquePolicyOneMatch_OutputsThatRow()
    {
        var (state, _) = await _engine.StartAsync(Table("unique"), new { score = 15, tier = "gold" });

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal("nurture", state.Outputs["rules"]!["result"]!["queue"]!.GetValue<string>());
    }

    [Fact]
    public async Task DecisionTable_UniquePolicyTwoMatches_FaultsWithIncidentNamingRows()
    {
        var (state, effects) = await _engine.StartAsync(Table("unique"), new { score = 15, tier = "bronze" });

        Assert.Equal(WorkflowStatus.Faulted, state.Status);
        Assert.Equal("rules", state.Incident!.ActivityId);
        Assert.Contains("unique", state.Incident.Message);
        Assert.Contains("2, 3", state.Incident.Message);
        Assert.Equal(state.Incident.Message, effects.Journal[^1].Error);
        Assert.DoesNotContain(effects.Journal, j => j.ActivityId is "matched" or "noMatch");
    }

    [Fact]
    public async Task DecisionTable_NumericLiteralCell_ComparesAsNumber()
    {
        var flow = _engine.Compile(Flow.Of("""
            { "id": "start", "type": "core.start" },
            { "id": "rules", "type": "core.decisionTable", "inputs": {
                "columns": [{ "name": "n", "expr": "input.n" }],
                "rows": [{ "conditions": [3], "outputs": { "hit": true } }] } }
            """, """{ "from": "start", "to": "rules" }""", """ "inputs": [{ "name": "n", "type": "number" }],"""));

        var (hit, _) = await _engine.StartAsync(flow, new { n = 3 });
        var (miss, _) = await _engine.StartAsync(flow, new { n = 4 });

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "hit": true }"""), hit.Outputs["rules"]!["result"]));
        Assert.Null(miss.Outputs["rules"]!["result"]);
    }
}
