using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Expressions;
using Microsoft.AspNetCore.Components;

namespace CrmWorkflow.Web.Components.Designer.Editors;

/// <summary>One key of a row: text, select (from options), check (true or absent), list (comma-separated) or expr (a condition, stored as text).</summary>
public sealed record RowColumn(string Key, string Label, string Kind = "text", IReadOnlyList<string>? Options = null, string? Placeholder = null);

public partial class RowsEditor
{
    private List<JsonObject> _rows = [];
    private readonly Dictionary<(int, string), string> _errors = [];

    [Inject] private ExpressionEngine Expressions { get; set; } = default!;

    /// <summary>The keys of a row and how to edit them.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<RowColumn> Columns { get; set; } = [];

    /// <summary>Label of the add button.</summary>
    [Parameter] public string AddText { get; set; } = "Add";

    /// <inheritdoc />
    protected override void Reset()
    {
        _rows = (Value as JsonArray)?.Select(r => r as JsonObject is { } o ? o.DeepClone().AsObject() : new JsonObject()).ToList() ?? [];
        _errors.Clear();
    }

    private string CellText(int r, RowColumn c) => c.Kind == "list" && _rows[r][c.Key] is JsonArray list
        ? string.Join(", ", list.Select(TextOf)) : TextOf(_rows[r][c.Key]);

    private void Typed(int r, RowColumn c, string? text)
    {
        if (c.Kind == "expr") Check(r, c, text ?? "");
    }

    private Task Changed(int r, RowColumn c, string text)
    {
        text = text.Trim();
        if (c.Kind == "expr" && !Check(r, c, text))
        {
            // Keep the draft visible; the stored value stays as it was until it parses.
            _rows[r][c.Key] = text;
            return Task.CompletedTask;
        }
        JsonNode? value = c.Kind == "list"
            ? (text.Length == 0 ? null : new JsonArray(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => (JsonNode?)JsonValue.Create(s)).ToArray()))
            : StringOrNull(text);
        return Set(r, c, value);
    }

    private bool Check(int r, RowColumn c, string text)
    {
        _errors.Remove((r, c.Key));
        if (text.Trim().Length == 0) return true;
        var result = Expressions.Compile(text, ScriptKind.Expression);
        if (!result.Success) _errors[(r, c.Key)] = $"Does not parse (line {result.Line}, column {result.Column}): {result.Error}";
        return result.Success;
    }

    private Task Set(int r, RowColumn c, JsonNode? value)
    {
        if (value is null) _rows[r].Remove(c.Key);
        else _rows[r][c.Key] = value;
        return Save();
    }

    private void Add() => _rows.Add([]);

    private Task Remove(int r)
    {
        _rows.RemoveAt(r);
        _errors.Clear();
        return Save();
    }

    private Task Save()
    {
        if (_errors.Count > 0) return Task.CompletedTask;
        var rows = _rows.Where(r => r.Count > 0).Select(r => (JsonNode?)r.DeepClone()).ToArray();
        return CommitAsync(rows.Length == 0 ? null : new JsonArray(rows));
    }
}
