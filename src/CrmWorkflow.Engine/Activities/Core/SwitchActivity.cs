using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Validation;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>Multi-way branch over named cases.</summary>
[Activity("core.switch", "Flow", "Follows the port of the first (or every) case whose condition holds, else 'default'.")]
[Output("matched", "array", "Names of the cases that matched (or 'default').")]
public sealed class SwitchActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>The default port.</summary>
    public const string DefaultPort = "default";

    /// <summary>Cases.</summary>
    [Input("Cases, each { \"name\": port, \"condition\": expression }.", Required = true, UiHint = UiHint.Table)]
    public Input<JsonArray> Cases { get; } = new();

    /// <summary>first or all.</summary>
    [Input("'first' follows the first matching case; 'all' follows every matching case.",
        UiHint = UiHint.Select, Options = ["first", "all"], DefaultJson = "\"first\"")]
    public Input<string> Mode { get; } = new();

    /// <inheritdoc />
    public override IReadOnlyList<string> GetPorts(ActivityNode node)
    {
        var names = node.Inputs?["cases"] is JsonArray cases
            ? cases.Select(c => (c as JsonObject)?["name"]?.GetValue<string>()).OfType<string>().ToList()
            : [];
        names.Add(DefaultPort);
        return names;
    }

    /// <inheritdoc />
    public override object? Prepare(ActivityNode node, PrepareContext context)
    {
        var path = context.InputPath("cases");
        if (node.Inputs?["cases"] is not JsonArray cases)
        {
            if (Literal.IsGiven(node, "cases")) context.Report(path, "Cases must be a list of { name, condition }.");
            return null;
        }
        var prepared = new List<(string Name, CompiledScript Condition)>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < cases.Count; i++)
        {
            var item = cases[i] as JsonObject;
            var name = (item?["name"] as JsonValue)?.GetValue<string>();
            var condition = (item?["condition"] as JsonValue)?.GetValue<string>();
            if (string.IsNullOrWhiteSpace(name)) { context.Report($"{path}[{i}].name", "Each case needs a name (its port)."); continue; }
            if (name == DefaultPort) { context.Report($"{path}[{i}].name", "'default' is reserved for when no case matches."); continue; }
            if (!names.Add(name)) { context.Report($"{path}[{i}].name", $"Case '{name}' is listed twice."); continue; }
            if (string.IsNullOrWhiteSpace(condition)) { context.Report($"{path}[{i}].condition", $"Case '{name}' needs a condition."); continue; }
            if (context.Compile(condition, ScriptKind.Expression, $"{path}[{i}].condition") is { } script)
                prepared.Add((name, script));
        }
        return prepared;
    }

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var cases = context.Prepared<List<(string Name, CompiledScript Condition)>>();
        var all = string.Equals(context.Get(Mode, "first"), "all", StringComparison.OrdinalIgnoreCase);
        var matched = new List<string>();
        foreach (var (name, condition) in cases)
        {
            if (!ScriptValues.IsTrue(context.EvaluateScript(condition))) continue;
            matched.Add(name);
            if (!all) break;
        }
        if (matched.Count == 0) matched.Add(DefaultPort);
        context.SetOutput("matched", new JsonArray(matched.Select(m => (JsonNode?)JsonValue.Create(m)).ToArray()));
        return ValueTask.FromResult(ActivityOutcome.PortsOf(matched));
    }
}
