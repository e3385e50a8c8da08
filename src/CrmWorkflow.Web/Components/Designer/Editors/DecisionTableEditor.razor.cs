using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities.Core;
using CrmWorkflow.Engine.Expressions;
using Microsoft.AspNetCore.Components;

namespace CrmWorkflow.Web.Components.Designer.Editors;

public partial class DecisionTableEditor
{
    private sealed class Column { public string Name = ""; public string Expr = ""; }
    private sealed class Rule { public List<string> Conditions = []; public JsonObject Outputs = []; }

    private List<Column> _columns = [];
    private List<string> _outputs = [];
    private List<Rule> _rows = [];
    private readonly Dictionary<(string, int, int), string> _errors = [];
    private JsonNode? _seenColumns, _seenRows;
    private bool _started;

    [Inject] private ExpressionEngine Expressions { get; set; } = default!;

    /// <summary>The stored <c>columns</c> input.</summary>
    [Parameter] public JsonNode? Columns { get; set; }

    /// <summary>The stored <c>rows</c> input.</summary>
    [Parameter] public JsonNode? Rows { get; set; }

    /// <summary>Receives both inputs after a finished edit (one undo step).</summary>
    [Parameter] public EventCallback<(JsonNode? Columns, JsonNode? Rows)> Commit { get; set; }

    protected override void OnParametersSet()
    {
        if (_started && JsonNode.DeepEquals(Columns, _seenColumns) && JsonNode.DeepEquals(Rows, _seenRows)) return;
        _started = true;
        _seenColumns = Columns?.DeepClone();
        _seenRows = Rows?.DeepClone();
        _errors.Clear();
        _columns = (Columns as JsonArray ?? []).Select(c => new Column { Name = Text((c as JsonObject)?["name"]), Expr = Text((c as JsonObject)?["expr"]) }).ToList();
        _rows = (Rows as JsonArray ?? []).Select(r => new Rule
        {
            Conditions = ((r as JsonObject)?["conditions"] as JsonArray ?? []).Select(Text).ToList(),
            Outputs = (r as JsonObject)?["outputs"] is JsonObject o ? o.DeepClone().AsObject() : [],
        }).ToList();
        // Output columns without a value yet stay on screen until removed.
        _outputs = _rows.SelectMany(r => r.Outputs.Select(p => p.Key)).Concat(_outputs).Distinct().ToList();
    }

    private static string Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : node?.ToJsonString() ?? "";

    private string Condition(int r, int c) => c < _rows[r].Conditions.Count ? _rows[r].Conditions[c] : "-";

    private string OutputText(int r, int o) => _rows[r].Outputs[_outputs[o]] switch
    {
        null => "",
        JsonObject { Count: 1 } e when e["expr"] is JsonValue x => "expr: " + Text(x),
        // A string that reads as a number or true/false keeps its quotes, so it stays a string.
        JsonValue v when v.TryGetValue<string>(out var s) => IsJsonScalar(s) ? JsonSerializer.Serialize(s) : s,
        var n => n.ToJsonString(),
    };

    private static bool IsJsonScalar(string s)
    {
        try { return JsonNode.Parse(s) is JsonValue; }
        catch (JsonException) { return false; }
    }

    private static JsonNode? ParseOutput(string text)
    {
        text = text.Trim();
        if (text.Length == 0) return null;
        if (text.StartsWith("expr:", StringComparison.Ordinal)) return new JsonObject { ["expr"] = text[5..].Trim() };
        try { return JsonNode.Parse(text) ?? JsonValue.Create(text); }
        catch (JsonException) { return JsonValue.Create(text); }
    }

    private bool CheckExpr(int c, string? text) => Check(("col", c, 0), string.IsNullOrWhiteSpace(text) ? null : text);

    private bool CheckCondition(int r, int c, string? text) => Check(("cond", r, c), UnaryTest.ToExpression(text ?? ""));

    private bool Check((string, int, int) cell, string? expression)
    {
        _errors.Remove(cell);
        if (expression is null) return true;
        var result = Expressions.Compile(expression, ScriptKind.Expression);
        if (!result.Success) _errors[cell] = $"Does not parse (line {result.Line}, column {result.Column}): {result.Error}";
        return result.Success;
    }

    private Task SetColumn(int c, string? name, string? expr)
    {
        if (name is not null) _columns[c].Name = name.Trim();
        if (expr is not null) { _columns[c].Expr = expr.Trim(); if (!CheckExpr(c, expr)) return Task.CompletedTask; }
        return Save();
    }

    private Task SetCondition(int r, int c, string text)
    {
        var conditions = _rows[r].Conditions;
        while (conditions.Count < _columns.Count) conditions.Add("-");
        conditions[c] = text.Trim().Length == 0 ? "-" : text.Trim();
        return CheckCondition(r, c, text) ? Save() : Task.CompletedTask;
    }

    private Task SetOutput(int r, int o, string text)
    {
        var key = _outputs[o];
        var value = ParseOutput(text);
        _errors.Remove(("out", r, o));
        if (value is JsonObject { Count: 1 } e && e["expr"] is JsonValue x && !Check(("out", r, o), Text(x))) return Task.CompletedTask;
        if (value is null) _rows[r].Outputs.Remove(key);
        else _rows[r].Outputs[key] = value;
        return Save();
    }

    private Task RenameOutput(int o, string name)
    {
        name = name.Trim();
        var old = _outputs[o];
        if (name.Length == 0 || name == old || _outputs.Contains(name)) return Task.CompletedTask;
        _outputs[o] = name;
        foreach (var rule in _rows)
            if (rule.Outputs[old] is { } value) { rule.Outputs.Remove(old); rule.Outputs[name] = value.DeepClone(); }
        return Save();
    }

    private Task AddColumn()
    {
        _columns.Add(new Column { Name = $"column{_columns.Count + 1}" });
        foreach (var rule in _rows) rule.Conditions.Add("-");
        return Save();
    }

    private Task RemoveColumn(int c)
    {
        _columns.RemoveAt(c);
        foreach (var rule in _rows.Where(rule => c < rule.Conditions.Count)) rule.Conditions.RemoveAt(c);
        _errors.Clear();
        return Save();
    }

    private void AddOutput()
    {
        var n = _outputs.Count + 1;
        while (_outputs.Contains($"output{n}")) n++;
        _outputs.Add($"output{n}");
    }

    private Task RemoveOutput(int o)
    {
        foreach (var rule in _rows) rule.Outputs.Remove(_outputs[o]);
        _outputs.RemoveAt(o);
        _errors.Clear();
        return Save();
    }

    private Task AddRow()
    {
        _rows.Add(new Rule { Conditions = _columns.Select(_ => "-").ToList() });
        return Save();
    }

    private Task RemoveRow(int r)
    {
        _rows.RemoveAt(r);
        _errors.Clear();
        return Save();
    }

    private Task Save()
    {
        if (_errors.Count > 0) return Task.CompletedTask;
        var columns = new JsonArray(_columns.Select(c => (JsonNode?)new JsonObject { ["name"] = c.Name, ["expr"] = c.Expr }).ToArray());
        var rows = new JsonArray(_rows.Select(r => (JsonNode?)new JsonObject
        {
            ["conditions"] = new JsonArray(r.Conditions.Take(_columns.Count).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()),
            ["outputs"] = r.Outputs.DeepClone(),
        }).ToArray());
        if (JsonNode.DeepEquals(columns, Columns) && JsonNode.DeepEquals(rows, Rows)) return Task.CompletedTask;
        return Commit.InvokeAsync((columns, rows));
    }
}
