using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Validation;
using Scriban.Runtime;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>
/// Routing rules as a table: input columns computed by expressions, rows of conditions
/// (one per column) and outputs. Analysts keep lead-routing and assignment rules here.
/// </summary>
[Activity("core.decisionTable", "Rules", "Evaluates a table of rules; outputs the matching row's values and follows 'matched' or 'noMatch'.")]
[Ports("matched", "noMatch")]
[Output("result", "object", "Outputs of the matched row (hit policy first or unique).")]
[Output("results", "array", "Outputs of every matched row (hit policy collect).")]
[Output("matchedRows", "array", "1-based numbers of the matched rows.")]
public sealed class DecisionTableActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>Input columns.</summary>
    [Input("Columns, each { \"name\": label, \"expr\": expression giving the column's value }.", Required = true, UiHint = UiHint.Table)]
    public Input<JsonArray> Columns { get; } = new();

    /// <summary>Rules.</summary>
    [Input("Rows, each { \"conditions\": [one test per column], \"outputs\": { name: value } }. A test is '-' (any), '>= 70', '< 10', '10..20', 'gold, silver', a literal, or 'expr: <expression using value>'.",
        Required = true, UiHint = UiHint.Table)]
    public Input<JsonArray> Rows { get; } = new();

    /// <summary>Hit policy.</summary>
    [Input("'first' takes the first matching row; 'unique' fails when more than one matches; 'collect' takes them all.",
        UiHint = UiHint.Select, Options = ["first", "unique", "collect"], DefaultJson = "\"first\"")]
    public Input<string> HitPolicy { get; } = new();

    /// <inheritdoc />
    public override object? Prepare(ActivityNode node, PrepareContext context)
    {
        var columns = new List<CompiledScript?>();
        if (node.Inputs?["columns"] is JsonArray cols)
        {
            for (var i = 0; i < cols.Count; i++)
            {
                var expr = (cols[i] as JsonObject)?["expr"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
                if (string.IsNullOrWhiteSpace(expr))
                    context.Report($"{context.InputPath("columns")}[{i}].expr", "Each column needs an expression giving its value.");
                else
                    columns.Add(context.Compile(expr, ScriptKind.Expression, $"{context.InputPath("columns")}[{i}].expr"));
            }
        }
        else if (Literal.IsGiven(node, "columns"))
            context.Report(context.InputPath("columns"), "Columns must be a list of { name, expr }.");

        var rows = new List<PreparedRow>();
        if (node.Inputs?["rows"] is JsonArray rowArray)
        {
            for (var r = 0; r < rowArray.Count; r++)
                if (PrepareRow(rowArray[r], r, columns.Count, context) is { } row) rows.Add(row);
        }
        else if (Literal.IsGiven(node, "rows"))
            context.Report(context.InputPath("rows"), "Rows must be a list of { conditions, outputs }.");
        return new PreparedTable(columns.OfType<CompiledScript>().ToList(), rows);
    }

    private static PreparedRow? PrepareRow(JsonNode? rowNode, int r, int columnCount, PrepareContext context)
    {
        var path = $"{context.InputPath("rows")}[{r}]";
        if (rowNode is not JsonObject row || row["conditions"] is not JsonArray conditions)
        {
            context.Report($"{path}.conditions", "Each row needs a list of conditions, one per column.");
            return null;
        }
        if (conditions.Count != columnCount)
        {
            context.Report($"{path}.conditions", $"Row {r + 1} has {conditions.Count} condition(s) but the table has {columnCount} column(s).");
            return null;
        }
        var tests = new List<CompiledScript?>();
        for (var c = 0; c < conditions.Count; c++)
        {
            var text = conditions[c] is JsonValue v && v.TryGetValue<string>(out var s) ? s : conditions[c]?.ToJsonString() ?? "-";
            var expression = UnaryTest.ToExpression(text);
            tests.Add(expression is null ? null : context.Compile(expression, ScriptKind.Expression, $"{path}.conditions[{c}]"));
        }
        var outputs = new Dictionary<string, CompiledValue>(StringComparer.Ordinal);
        if (row["outputs"] is JsonObject outs)
            foreach (var (name, value) in outs)
                if (context.CompileValue(value, $"{path}.outputs.{name}") is { } compiled) outputs[name] = compiled;
        return new PreparedRow(r + 1, tests, outputs);
    }

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var table = context.Prepared<PreparedTable>();
        var policy = context.Get(HitPolicy, "first").ToLowerInvariant();
        var values = table.Columns.Select(c => context.EvaluateScript(c)).ToArray();
        var matches = new List<PreparedRow>();
        foreach (var row in table.Rows)
        {
            if (!Matches(context, row, values)) continue;
            matches.Add(row);
            if (policy == "first") break;
        }
        if (policy == "unique" && matches.Count > 1)
            throw new DecisionTableException($"Hit policy 'unique' but rows {string.Join(", ", matches.Select(m => m.Number))} all match.");
        context.SetOutput("matchedRows", new JsonArray(matches.Select(m => (JsonNode?)JsonValue.Create(m.Number)).ToArray()));
        if (matches.Count == 0) return ValueTask.FromResult(ActivityOutcome.Port("noMatch"));
        if (policy == "collect")
            context.SetOutput("results", new JsonArray(matches.Select(m => (JsonNode?)Outputs(context, m)).ToArray()));
        else
            context.SetOutput("result", Outputs(context, matches[0]));
        return ValueTask.FromResult(ActivityOutcome.Port("matched"));
    }

    private static bool Matches(ActivityContext context, PreparedRow row, object?[] values)
    {
        for (var c = 0; c < row.Tests.Count; c++)
        {
            if (row.Tests[c] is not { } test) continue;
            var locals = new ScriptObject { ["value"] = values[c] };
            if (!ScriptValues.IsTrue(context.EvaluateScript(test, locals))) return false;
        }
        return true;
    }

    private static JsonObject Outputs(ActivityContext context, PreparedRow row)
    {
        var result = new JsonObject();
        foreach (var (name, value) in row.Outputs) result[name] = context.Evaluate(value);
        return result;
    }

    private sealed record PreparedTable(List<CompiledScript> Columns, List<PreparedRow> Rows);

    private sealed record PreparedRow(int Number, List<CompiledScript?> Tests, Dictionary<string, CompiledValue> Outputs);
}

/// <summary>A decision table could not decide.</summary>
public sealed class DecisionTableException(string message) : Exception(message);
