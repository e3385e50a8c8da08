using System.Text.Json.Nodes;

namespace CrmWorkflow.Engine.Expressions;

/// <summary>
/// An activity input value compiled once per definition version: a JSON literal,
/// an expression (<c>{ "expr": ... }</c>) or a template (<c>{ "template": ... }</c>).
/// </summary>
public sealed class CompiledValue
{
    private object? _typed;
    private Type? _typedType;

    private CompiledValue(JsonNode? literal, CompiledScript? script)
    {
        Literal = literal;
        Script = script;
    }

    /// <summary>The literal value, when not a script.</summary>
    public JsonNode? Literal { get; }

    /// <summary>The script, when an expression or template.</summary>
    public CompiledScript? Script { get; }

    /// <summary>True for a literal.</summary>
    public bool IsLiteral => Script is null;

    /// <summary>A literal value.</summary>
    public static CompiledValue FromLiteral(JsonNode? literal) => new(literal, null);

    /// <summary>A script value.</summary>
    public static CompiledValue FromScript(CompiledScript script) => new(null, script);

    /// <summary>
    /// Recognises <c>{ "expr": "..." }</c> and <c>{ "template": "..." }</c>; returns the
    /// script text and kind, or null for a literal.
    /// </summary>
    public static (string Source, ScriptKind Kind)? AsScript(JsonNode? value)
    {
        if (value is JsonObject { Count: 1 } obj)
        {
            if (obj.TryGetPropertyValue("expr", out var expr) && expr is JsonValue e && e.TryGetValue<string>(out var es))
                return (es, ScriptKind.Expression);
            if (obj.TryGetPropertyValue("template", out var tpl) && tpl is JsonValue t && t.TryGetValue<string>(out var ts))
                return (ts, ScriptKind.Template);
        }
        return null;
    }

    // Literals convert to the same CLR value every time: convert once per definition version.
    internal bool TryGetTyped<T>(out T value)
    {
        if (_typedType == typeof(T))
        {
            value = (T)_typed!;
            return true;
        }
        value = default!;
        return false;
    }

    internal void SetTyped<T>(T value)
    {
        _typed = value;
        _typedType = typeof(T);
    }
}
