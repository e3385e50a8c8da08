using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Expressions;
using Microsoft.AspNetCore.Components;

namespace CrmWorkflow.Web.Components.Designer.Editors;

public partial class ScriptEditor
{
    private string _mode = "literal";
    private string _text = "";
    // What the text area was last given. Typing changes _text only: were the box re-rendered
    // with each keystroke's text, a reply arriving while the analyst types on would put the
    // older text back and eat the keys typed since.
    private string _shown = "";
    private string? _error;
    private bool _unsaved;
    private CompiledScript? _script;

    [Inject] private ExpressionEngine Expressions { get; set; } = default!;

    /// <summary>Whether a plain value is allowed (false for conditions, which must be expressions).</summary>
    [Parameter] public bool AllowLiteral { get; set; } = true;

    /// <summary>Sample scope for the template preview (input, vars, outputs, ...).</summary>
    [Parameter] public JsonObject? Sample { get; set; }

    /// <summary>Text box height.</summary>
    [Parameter] public int Rows { get; set; } = 2;

    private string Placeholder => _mode switch
    {
        "expr" => "e.g. input.score >= 70",
        "template" => "e.g. Call {{ input.name }}",
        _ => "",
    };

    /// <inheritdoc />
    protected override void Reset()
    {
        if (CompiledValue.AsScript(Value) is { } script)
        {
            _mode = script.Kind == ScriptKind.Expression ? "expr" : "template";
            _text = script.Source;
        }
        else
        {
            _mode = Value is null && (!AllowLiteral || Input.UiHint is "expression" or "template")
                ? (Input.UiHint == "template" ? "template" : "expr") : AllowLiteral ? "literal" : "expr";
            _text = TextOf(Value);
        }
        _shown = _text;
        _unsaved = false;
        Check();
    }

    private void Typed(ChangeEventArgs e)
    {
        _text = e.Value?.ToString() ?? "";
        _unsaved = true;
        Check();
    }

    private async Task Changed(string text)
    {
        _text = _shown = text;
        Check();
        if (_error is not null) return;
        _unsaved = false;
        await CommitAsync(Build());
    }

    private async Task ModeChanged(string mode)
    {
        _mode = mode;
        await Changed(_text);
    }

    // Compiles exactly as validation does, so the message here is the one publishing would give.
    private void Check()
    {
        _error = null;
        _script = null;
        if (_mode == "literal" || string.IsNullOrWhiteSpace(_text)) return;
        var kind = _mode == "expr" ? ScriptKind.Expression : ScriptKind.Template;
        var result = Expressions.Compile(_text, kind);
        if (result.Success) _script = result.Script;
        else _error = $"Does not parse (line {result.Line}, column {result.Column}): {result.Error}";
    }

    private JsonNode? Build()
    {
        if (string.IsNullOrWhiteSpace(_text)) return null;
        return _mode switch
        {
            "expr" => new JsonObject { ["expr"] = _text },
            "template" => new JsonObject { ["template"] = _text },
            _ => Literal(_text),
        };
    }

    // A string input keeps the text as written; other types take JSON (42, true, {...}) when it parses.
    private JsonNode? Literal(string text)
    {
        if (Input.Type == "string") return JsonValue.Create(text);
        try { return JsonNode.Parse(text); }
        catch (JsonException) { return JsonValue.Create(text); }
    }
}
