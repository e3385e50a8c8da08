using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrmWorkflow.Crm.Features.Records;

/// <summary>A value read from JSON for a record field, or why it cannot be used.</summary>
public readonly record struct Parsed(object? Value, string? Error)
{
    public bool Ok => Error is null;
    public static Parsed Of(object? value) => new(value, null);
    public static Parsed Fail(string error) => new(null, error);
}

/// <summary>Turns JSON values into field values with messages a business analyst can act on.</summary>
internal static class FieldParsers
{
    public static bool IsNull(JsonNode? node) => node is null || node.GetValueKind() == JsonValueKind.Null;

    public static Func<JsonNode?, Parsed> Text(int max, bool nullable = true) => node =>
    {
        if (IsNull(node)) return nullable ? Parsed.Of(null) : Parsed.Fail("cannot be empty");
        if (node!.GetValueKind() != JsonValueKind.String) return Parsed.Fail($"expected text but got {Show(node)}");
        var s = node.GetValue<string>().Trim();
        if (s.Length == 0) return nullable ? Parsed.Of(null) : Parsed.Fail("cannot be empty");
        return s.Length <= max ? Parsed.Of(s) : Parsed.Fail($"is at most {max} characters (got {s.Length})");
    };

    public static Func<JsonNode?, Parsed> Whole(int min, int max, bool nullable = false) => node =>
    {
        if (IsNull(node)) return nullable ? Parsed.Of(null) : Parsed.Fail("needs a number");
        if (!TryNumber(node!, out var d) || d != decimal.Truncate(d)) return Parsed.Fail($"expected a whole number but got {Show(node!)}");
        return d >= min && d <= max ? Parsed.Of((int)d) : Parsed.Fail($"must be between {min} and {max} (got {d})");
    };

    public static Func<JsonNode?, Parsed> Money() => node =>
    {
        if (IsNull(node) || !TryNumber(node!, out var d)) return Parsed.Fail($"expected an amount but got {Show(node)}");
        return d >= 0 ? Parsed.Of(decimal.Round(d, 2)) : Parsed.Fail($"cannot be negative (got {d})");
    };

    public static Func<JsonNode?, Parsed> YesNo() => node => node?.GetValueKind() switch
    {
        JsonValueKind.True => Parsed.Of(true),
        JsonValueKind.False => Parsed.Of(false),
        _ => Parsed.Fail($"expected true or false but got {Show(node)}"),
    };

    public static Func<JsonNode?, Parsed> Choice<T>() where T : struct, Enum => node =>
    {
        var names = Enum.GetNames<T>();
        var text = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        var match = names.FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        return match is not null ? Parsed.Of(Enum.Parse<T>(match)) : Parsed.Fail($"must be one of {string.Join(", ", names)} (got {Show(node)})");
    };

    public static Func<JsonNode?, Parsed> Choice(params string[] options) => node =>
    {
        var text = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        var match = options.FirstOrDefault(o => string.Equals(o, text, StringComparison.OrdinalIgnoreCase));
        return match is not null ? Parsed.Of(match) : Parsed.Fail($"must be one of {string.Join(", ", options)} (got {Show(node)})");
    };

    public static Func<JsonNode?, Parsed> Date() => node =>
    {
        var text = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;
        if (text is not null && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return Parsed.Of(day);
        if (text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            return Parsed.Of(DateOnly.FromDateTime(at.UtcDateTime));
        return Parsed.Fail($"expected a date such as 2026-12-31 but got {Show(node)}");
    };

    private static bool TryNumber(JsonNode node, out decimal value)
    {
        value = 0;
        return node.GetValueKind() switch
        {
            JsonValueKind.Number => node.AsValue().TryGetValue(out value) || (node.AsValue().TryGetValue<double>(out var d) && TryDecimal(d, out value)),
            JsonValueKind.String => decimal.TryParse(node.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out value),
            _ => false,
        };
    }

    private static bool TryDecimal(double d, out decimal value)
    {
        value = 0;
        if (!double.IsFinite(d) || Math.Abs(d) > 7.9e27) return false;
        value = (decimal)d;
        return true;
    }

    public static string Show(JsonNode? node)
    {
        if (IsNull(node)) return "nothing";
        var json = node!.ToJsonString();
        return json.Length > 40 ? json[..37] + "..." : json;
    }
}
