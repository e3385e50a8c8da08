using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Features.Query;
using CrmWorkflow.Web.Api;

namespace CrmWorkflow.Web.Components.Pages.Reports;

/// <summary>A filter as typed on the query builder page.</summary>
public sealed class FilterDraft
{
    public string? Field { get; set; } = "tier";
    public string? Op { get; set; } = "eq";
    public string? Value { get; set; }
}

/// <summary>
/// The query builder's form: turns typed text into the <see cref="AdHocQuery"/> the API takes,
/// leaving every judgement (unknown values, wrong operators) to the handler's validation.
/// </summary>
public sealed class QueryDraft
{
    public IEnumerable<string> Fields { get; set; } = QueryFields.Default;
    public List<FilterDraft> Filters { get; } = [];
    public string? GroupBy { get; set; }
    public string Aggregate { get; set; } = "count";
    public string? AggregateField { get; set; }
    public string? SortField { get; set; }
    public string SortDirection { get; set; } = "asc";

    /// <summary>Operators that make sense for a field's type (the handler still checks).</summary>
    public static IReadOnlyList<string> OperatorsFor(string? field)
    {
        if (field is null || !QueryFields.All.ContainsKey(field)) return ["eq"];
        var type = QueryFields.TypeOf(field);
        if (type == typeof(string)) return ["eq", "ne", "in", "startsWith", "contains"];
        if (type == typeof(bool)) return ["eq", "ne"];
        if (type.IsEnum) return ["eq", "ne", "in"];
        return ["eq", "ne", "lt", "lte", "gt", "gte", "in"];
    }

    /// <summary>What to type for a field, e.g. its enum values.</summary>
    public static string Hint(string? field, string? op)
    {
        if (field is null || !QueryFields.All.ContainsKey(field)) return "";
        var type = QueryFields.TypeOf(field);
        var one = type.IsEnum ? string.Join(", ", Enum.GetNames(type))
            : type == typeof(bool) ? "true or false"
            : type == typeof(DateTimeOffset) ? "a date, e.g. 2026-01-31"
            : type == typeof(string) ? "text" : "a number";
        return op == "in" ? $"several, comma-separated: {one}" : one;
    }

    public AdHocQuery ToQuery(int page = 1, int pageSize = 50) => new(
        Filters.Select(f => new QueryFilter(f.Field, f.Op, Value(f))).ToList(),
        SortField is null ? [] : [new QuerySort(SortField, SortDirection)],
        GroupBy is null ? Fields.ToList() : null,
        page, pageSize, GroupBy,
        GroupBy is null || Aggregate == "count" ? null : Aggregate,
        GroupBy is null || Aggregate == "count" ? null : AggregateField);

    /// <summary>The query as the JSON the API reads (for the CSV link's ?q=).</summary>
    public static string Json(AdHocQuery query) => JsonSerializer.Serialize(query, JsonBody.Options);

    // Numbers and true/false travel as JSON numbers and booleans; anything else as text, so a
    // wrong value reaches the handler's validation and its message shows next to the filter.
    private static JsonNode? Value(FilterDraft f)
    {
        if (string.IsNullOrWhiteSpace(f.Value)) return null;
        var type = f.Field is not null && QueryFields.All.ContainsKey(f.Field) ? QueryFields.TypeOf(f.Field) : typeof(string);
        if (f.Op != "in") return One(f.Value.Trim(), type);
        var list = new JsonArray();
        foreach (var part in f.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)) list.Add(One(part, type));
        return list;
    }

    private static JsonNode One(string text, Type type)
    {
        if ((type == typeof(int) || type == typeof(long) || type == typeof(decimal))
            && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
            return JsonValue.Create(number);
        if (type == typeof(bool) && bool.TryParse(text, out var flag)) return JsonValue.Create(flag);
        return JsonValue.Create(text);
    }
}
