using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;
using Scriban.Runtime;

namespace CrmWorkflow.Engine.Tests.Expressions;

public class SandboxTests
{
    private readonly ExpressionEngine _expressions = new(new ExpressionOptions { Timeout = TimeSpan.FromMilliseconds(500) });

    private object? Evaluate(string source, ScriptKind kind = ScriptKind.Expression, ScriptObject? globals = null)
    {
        var compiled = _expressions.Compile(source, kind);
        Assert.True(compiled.Success, compiled.Error);
        return _expressions.Evaluate(compiled.Script!, globals ?? new ScriptObject { ["input"] = new ScriptObject { ["name"] = "Ada" } });
    }

    [Theory]
    [InlineData("while true; end", ScriptKind.Expression)]
    [InlineData("{{ while true }}x{{ end }}", ScriptKind.Template)]
    [InlineData("for i in 1..100000000; end", ScriptKind.Expression)]
    public void Evaluate_EndlessLoop_StopsAtLoopLimit(string source, ScriptKind kind)
    {
        var ex = Assert.Throws<ExpressionException>(() => Evaluate(source, kind));
        Assert.Contains("limit", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("for i in 1..9999; y = \"x\" | string.pad_left 99999 | string.upcase; end")]
    // No loop keyword: an anonymous function mapped over a range must be timed as well.
    [InlineData("(1..9999) | array.each @(do; ret \"x\" | string.pad_left 99999 | string.upcase | string.size; end) | array.size")]
    public void Evaluate_SlowWorkUnderLoopLimit_StopsAtTimeout(string source)
    {
        var ex = Assert.Throws<ExpressionException>(() => Evaluate(source));
        Assert.Contains("ran longer than the 0.5 s limit", ex.Message);
    }

    [Fact]
    public void Evaluate_AfterManyRunsAndFailures_EachRunSeesOnlyItsOwnData()
    {
        // Contexts are reused between evaluations: nothing of one run may reach the next.
        var template = _expressions.Compile("{{ for i in 1..2 }}{{ input.name }}{{ end }}", ScriptKind.Template).Script!;
        var assigns = _expressions.Compile("seen = input.name; seen", ScriptKind.Expression).Script!;
        var reads = _expressions.Compile("seen", ScriptKind.Expression).Script!;
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal($"A{i}A{i}", _expressions.Evaluate(template, new ScriptObject { ["input"] = new ScriptObject { ["name"] = $"A{i}" } }));
            Assert.Equal($"B{i}", _expressions.Evaluate(assigns, new ScriptObject { ["input"] = new ScriptObject { ["name"] = $"B{i}" } }));
            Assert.Throws<ExpressionException>(() => Evaluate("while true; end"));
            Assert.Throws<ExpressionException>(() => Evaluate("func f(x); ret f(x + 1); end; f(1)"));
            Assert.Contains("`seen` was not found", Assert.Throws<ExpressionException>(() => _expressions.Evaluate(reads, new ScriptObject())).Message);
        }
        var slow = Assert.Throws<ExpressionException>(() => Evaluate("for i in 1..9999; y = \"x\" | string.pad_left 99999 | string.upcase; end"));
        Assert.Contains("ran longer than", slow.Message);
        Assert.Equal("Ada", Evaluate("input.name"));
    }

    [Fact]
    public void Evaluate_RecursiveFunction_StopsAtRecursionLimit()
    {
        var ex = Assert.Throws<ExpressionException>(() => Evaluate("func f(x); ret f(x + 1); end; f(1)"));
        Assert.Contains("limit", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("\"x\" * 100000000")]
    [InlineData("\"x\" | string.pad_left 100000000")]
    [InlineData("(\"x\" | string.pad_right 100000000) | string.size")]
    [InlineData("(\"x\" * 100000000) | string.size")]
    [InlineData("s = \"xxxxxxxxxx\"; for i in 1..30; s = s + s; end; s")]
    public void Evaluate_HugeString_IsStopped(string source)
    {
        var ex = Assert.Throws<ExpressionException>(() => Evaluate(source));
        Assert.Contains("limit", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Evaluate_StringDoubledInLoop_NeverGrowsFarPastLimit()
    {
        var size = Evaluate("s = \"xxxxxxxxxx\"; for i in 1..30; s = s + s; end; s | string.size");
        Assert.InRange(Convert.ToInt64(size, System.Globalization.CultureInfo.InvariantCulture), 100_000, 200_100);
    }

    [Fact]
    public void Evaluate_StringWithinLimit_IsAllowed() =>
        Assert.Equal(1000, Evaluate("\"x\" | string.pad_left 1000 | string.size"));

    [Theory]
    [InlineData("input.GetType")]
    [InlineData("input.GetType()")]
    [InlineData("\"\".GetType().Assembly")]
    [InlineData("input.name.Length")]
    [InlineData("input.name.GetType().Assembly.Location")]
    public void Evaluate_DotNetMemberAccess_YieldsNothing(string source)
    {
        object? result;
        try { result = Evaluate(source); }
        catch (ExpressionException) { return; }
        Assert.Null(result);
    }

    [Fact]
    public void Evaluate_DateNow_IsNotAvailable()
    {
        object? result;
        try { result = Evaluate("date.now"); }
        catch (ExpressionException) { return; }
        Assert.Null(result);
    }

    [Fact]
    public async Task Run_NowInWorkflow_IsTheInjectedClock()
    {
        var engine = new TestEngine();
        var flow = engine.Compile(Flow.Of("""
            { "id": "start", "type": "core.start" },
            { "id": "stamp", "type": "core.setVariable", "inputs": { "variable": "at", "value": { "expr": "now" } } }
            """, """{ "from": "start", "to": "stamp" }"""));

        var (state, _) = await engine.StartAsync(flow);

        Assert.Equal(engine.Clock.GetUtcNow(), state.Variables["at"]!.GetValue<DateTimeOffset>());
    }

    [Theory]
    [InlineData("""{ "expr": "while true; end" }""", "loop")]
    [InlineData("""{ "template": "{{ for i in 1..1000000 }}{{ i }}{{ end }}" }""", "limit")]
    [InlineData("""{ "expr": "\"x\" | string.pad_left 100000000" }""", "limit")]
    [InlineData("""{ "expr": "input.GetType().Assembly" }""", "")]
    public async Task Run_RunawayScriptInActivity_FaultsInstanceWithIncident(string value, string mentions)
    {
        var engine = new TestEngine(new ExpressionOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        var flow = engine.Compile(Flow.Of($$"""
            { "id": "start", "type": "core.start" },
            { "id": "calc", "type": "core.setVariable", "inputs": { "variable": "v", "value": {{value}} } },
            { "id": "check", "type": "core.decision", "inputs": { "condition": { "expr": "vars.v == null" } } },
            { "id": "stop", "type": "core.fail", "inputs": { "message": "no access" } }
            """, """{ "from": "start", "to": "calc" }, { "from": "calc", "to": "check" }, { "from": "check", "port": "false", "to": "stop" }"""));

        var (state, _) = await engine.StartAsync(flow);

        if (mentions.Length == 0 && state.Status == WorkflowStatus.Finished) return; // evaluated to null: no access
        Assert.Equal(WorkflowStatus.Faulted, state.Status);
        Assert.Equal("calc", state.Incident!.ActivityId);
        Assert.Contains(mentions, state.Incident.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("input.customer.name = 'Mallory'")]
    [InlineData("outputs.pick.result.offer.name = 'Mallory'")]
    public async Task Run_ScriptAssignsIntoNestedInputOrOutputs_RefusedAndNothingChanges(string tamper)
    {
        var state = await TamperAsync(tamper, """{ "offer": { "name": "Gold plan" } }""", """[{ "name": "customer", "type": "object" }]""",
            new { customer = new { name = "Ada" } });

        Assert.Contains("Cannot assign to 'name': it is read-only in scripts", state.Incident!.Message);
        Assert.Equal("Ada", (string?)state.Input["customer"]!["name"]);
        Assert.Equal("Gold plan", (string?)state.Outputs["pick"]!["result"]!["offer"]!["name"]);
    }

    [Theory]
    [InlineData("input.tags[0] = 'vip'")]
    [InlineData("t = input.tags; t[1] = 'vip'")]
    [InlineData("input.orders[0].total = 0")]
    [InlineData("outputs.pick.result.codes[0] = 'X'")]
    public async Task Run_ScriptAssignsIntoReadOnlyList_RefusedAndNothingChanges(string tamper)
    {
        var state = await TamperAsync(tamper, """{ "codes": ["A", "B"] }""", """[{ "name": "tags", "type": "array" }, { "name": "orders", "type": "array" }]""",
            new { tags = new[] { "new", "web" }, orders = new[] { new { total = 120 } } });

        Assert.Contains("Cannot assign to", state.Incident!.Message);
        Assert.Contains("it is read-only in scripts", state.Incident.Message);
        Assert.Equal("""["new","web"]""", state.Input["tags"]!.ToJsonString());
        Assert.Equal(120, (int)state.Input["orders"]![0]!["total"]!);
        Assert.Equal("""["A","B"]""", state.Outputs["pick"]!["result"]!["codes"]!.ToJsonString());
    }

    [Fact]
    public async Task Run_ScriptChangesACopyOfAReadOnlyList_Allowed()
    {
        var engine = new TestEngine();
        var flow = engine.Compile(Flow.Of("""
            { "id": "start", "type": "core.start" },
            { "id": "copy", "type": "core.setVariable", "inputs": { "variable": "t", "value": { "expr": "c = input.tags | array.add_range []; c[0] = 'vip'; local = [1, 2]; local[1] = 3; c | array.add local[1]" } } }
            """, """{ "from": "start", "to": "copy" }""",
            """ "inputs": [{ "name": "tags", "type": "array" }], "variables": [{ "name": "t" }],"""));

        var (state, _) = await engine.StartAsync(flow, new { tags = new[] { "new", "web" } });

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal("""["vip","web",3]""", state.Variables["t"]!.ToJsonString());
        Assert.Equal("""["new","web"]""", state.Input["tags"]!.ToJsonString());
    }

    // start -> a decision table giving `tableOutputs` -> a script running `tamper`; the script's step
    // must fault with a clear message (checked here), the caller checks nothing changed.
    private static async Task<WorkflowInstanceState> TamperAsync(string tamper, string tableOutputs, string inputs, object input)
    {
        var engine = new TestEngine();
        var flow = engine.Compile(Flow.Of($$"""
            { "id": "start", "type": "core.start" },
            { "id": "pick", "type": "core.decisionTable", "inputs": { "hitPolicy": "first",
                "columns": [ { "name": "any", "expr": "1" } ],
                "rows": [ { "conditions": ["-"], "outputs": {{tableOutputs}} } ] } },
            { "id": "tamper", "type": "core.setVariable", "inputs": { "variable": "t", "value": { "expr": "{{tamper}}; 1" } } }
            """, """{ "from": "start", "to": "pick" }, { "from": "pick", "port": "matched", "to": "tamper" }""",
            $$""" "inputs": {{inputs}}, "variables": [{ "name": "t" }],"""));

        var (state, _) = await engine.StartAsync(flow, input);

        Assert.Equal(WorkflowStatus.Faulted, state.Status);
        Assert.Equal("tamper", state.Incident!.ActivityId);
        Assert.DoesNotContain("Unexpected exception", state.Incident.Message);
        return state;
    }
}
