using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

public class SetVariableActivityTests
{
    private readonly TestEngine _engine = new();

    private CompiledWorkflow FlowSetting(string value) => _engine.Compile(Flow.Of($$"""
        { "id": "start", "type": "core.start" },
        { "id": "set",   "type": "core.setVariable", "inputs": { "variable": "label", "value": {{value}} } },
        { "id": "check", "type": "core.decision", "inputs": { "condition": { "expr": "vars.label == 'Lead Ada'" } } }
        """,
        """{ "from": "start", "to": "set" }, { "from": "set", "to": "check" }""",
        """
        "inputs": [{ "name": "name", "type": "string" }, { "name": "score", "type": "number" }],
        "variables": [{ "name": "label", "type": "any", "default": "none" }],
        """));

    [Fact]
    public async Task SetVariable_Template_StoresRenderedTextVisibleToLaterActivities()
    {
        var flow = FlowSetting("""{ "template": "Lead {{ input.name }}" }""");

        var (state, effects) = await _engine.StartAsync(flow, new { name = "Ada" });

        Assert.Equal("Lead Ada", state.Variables["label"]!.GetValue<string>());
        Assert.Equal("true", effects.Journal.Single(j => j.ActivityId == "check").Port);
    }

    [Fact]
    public async Task SetVariable_Expression_StoresComputedNumber()
    {
        var flow = FlowSetting("""{ "expr": "input.score * 2 + 1" }""");

        var (state, effects) = await _engine.StartAsync(flow, new { score = 20 });

        Assert.Equal("41", state.Variables["label"]!.ToJsonString());
        Assert.Equal("false", effects.Journal.Single(j => j.ActivityId == "check").Port);
    }

    [Fact]
    public async Task SetVariable_LiteralObject_StoresCopyNotSharedWithDefinition()
    {
        var flow = FlowSetting("""{ "queue": "sales", "tags": ["a", "b"] }""");

        var (first, _) = await _engine.StartAsync(flow);
        first.Variables["label"]!["queue"] = "changed";
        var (second, _) = await _engine.StartAsync(flow);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{ "queue": "sales", "tags": ["a", "b"] }"""), second.Variables["label"]));
    }

    [Fact]
    public async Task SetVariable_ExpressionFails_FaultsWithIncidentAtActivity()
    {
        var flow = FlowSetting("""{ "expr": "1 / nosuchthing" }""");

        var (state, _) = await _engine.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Faulted, state.Status);
        Assert.Equal("set", state.Incident!.ActivityId);
        Assert.Equal("none", state.Variables["label"]!.GetValue<string>());
    }
}
