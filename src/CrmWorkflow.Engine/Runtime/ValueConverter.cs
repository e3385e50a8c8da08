using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Engine.Runtime;

/// <summary>Converts JSON values to the CLR types activity inputs declare, with plain errors.</summary>
public static class ValueConverter
{
    /// <summary>Converts <paramref name="node"/> to <typeparamref name="T"/>; <paramref name="what"/> names it in errors.</summary>
    public static T Convert<T>(JsonNode? node, string what) => (T)Convert(node, typeof(T), what)!;

    /// <summary>Untyped form of <see cref="Convert{T}"/>.</summary>
    public static object? Convert(JsonNode? node, Type type, string what)
    {
        if (type == typeof(JsonNode)) return node;
        var underlying = Nullable.GetUnderlyingType(type);
        if (node is null || (node is JsonValue v0 && v0.GetValueKind() == JsonValueKind.Null))
            return underlying is not null || !type.IsValueType ? null : Activator.CreateInstance(type);
        type = underlying ?? type;
        try
        {
            if (type == typeof(JsonObject)) return node as JsonObject ?? throw Fail(what, "an object", node);
            if (type == typeof(JsonArray)) return node as JsonArray ?? throw Fail(what, "an array", node);
            if (type == typeof(string)) return AsString(node);
            if (type == typeof(bool)) return ScriptValues.IsTrue(node);
            if (type == typeof(int)) return (int)AsDecimal(node, what);
            if (type == typeof(long)) return (long)AsDecimal(node, what);
            if (type == typeof(decimal)) return AsDecimal(node, what);
            if (type == typeof(double)) return (double)AsDecimal(node, what);
            if (type == typeof(TimeSpan)) return ParseDuration(AsString(node), what);
            if (type == typeof(DateTimeOffset)) return ParseTime(AsString(node), what);
            if (type == typeof(IReadOnlyList<string>))
            {
                if (node is JsonArray array) return array.Select(AsString).ToList();
                return AsString(node).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            }
            return node.Deserialize(type, DefinitionJson.Options);
        }
        catch (JsonException ex)
        {
            throw new ExpressionException($"{what}: {ex.Message}");
        }
    }

    /// <summary>A JSON value as text: strings as-is, everything else as JSON.</summary>
    public static string AsString(JsonNode? node) => node switch
    {
        null => "",
        // Values computed by expressions may hold a DateTimeOffset, which is a JSON string but not a .NET one.
        JsonValue v when v.GetValueKind() == JsonValueKind.String && v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<DateTimeOffset>(out var t) => t.ToString("O", CultureInfo.InvariantCulture),
        _ => node.ToJsonString(),
    };

    /// <summary>Parses an ISO 8601 duration such as <c>PT4H</c> or <c>P2D</c>.</summary>
    public static TimeSpan ParseDuration(string text, string what)
    {
        try
        {
            return XmlConvert.ToTimeSpan(text.Trim());
        }
        catch (FormatException)
        {
            throw new ExpressionException($"{what}: '{text}' is not an ISO 8601 duration (e.g. PT30M, PT4H, P2D).");
        }
    }

    /// <summary>True when the text is an ISO 8601 duration.</summary>
    public static bool IsDuration(string text)
    {
        try { XmlConvert.ToTimeSpan(text.Trim()); return true; }
        catch (FormatException) { return false; }
    }

    private static DateTimeOffset ParseTime(string text, string what) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)
            ? t.ToUniversalTime()
            : throw new ExpressionException($"{what}: '{text}' is not a date and time (use ISO 8601, e.g. 2026-12-01T09:00:00Z).");

    private static decimal AsDecimal(JsonNode node, string what)
    {
        if (node is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number)
            {
                if (v.TryGetValue<decimal>(out var d)) return d;
                if (v.TryGetValue<long>(out var l)) return l;
                if (v.TryGetValue<int>(out var i)) return i;
                if (v.TryGetValue<double>(out var dbl)) return (decimal)dbl;
            }
            if (v.GetValueKind() == JsonValueKind.String &&
                decimal.TryParse(v.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
                return parsed;
        }
        throw Fail(what, "a number", node);
    }

    private static ExpressionException Fail(string what, string expected, JsonNode node) =>
        new($"{what}: expected {expected} but got {Describe(node)}.");

    private static string Describe(JsonNode node)
    {
        var json = node.ToJsonString();
        return json.Length > 60 ? json[..57] + "..." : json;
    }
}
