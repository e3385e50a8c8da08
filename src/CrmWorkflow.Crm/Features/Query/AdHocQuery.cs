using System.Globalization;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Query;

/// <summary>A filter: field, operator (eq, ne, lt, lte, gt, gte, in, startsWith, contains) and value.</summary>
public sealed record QueryFilter(string? Field, string? Op, JsonNode? Value);

/// <summary>A sort key.</summary>
public sealed record QuerySort(string? Field, string? Direction);

/// <summary>
/// An ad-hoc question about customers nobody planned for (phase one's "fuzzy" queries). With
/// <see cref="GroupBy"/> the answer is one row per value of that field: how many customers, and
/// optionally the <see cref="Aggregate"/> (sum, avg, min, max) of <see cref="AggregateField"/>.
/// </summary>
public sealed record AdHocQuery(IReadOnlyList<QueryFilter>? Filters, IReadOnlyList<QuerySort>? Sort, IReadOnlyList<string>? Fields,
    int Page = 1, int PageSize = 50, string? GroupBy = null, string? Aggregate = null, string? AggregateField = null);

/// <summary>A page of rows (each row has the asked-for fields only).</summary>
public sealed record QueryResult(IReadOnlyList<string> Fields, IReadOnlyList<Dictionary<string, object?>> Rows, int Total, int Page, int PageSize);

/// <summary>
/// Runs ad-hoc queries safely: fields come from a fixed list, values are bound as parameters
/// through expression trees (never pasted into SQL), and a client manager's access applies.
/// </summary>
public sealed partial class AdHocQueryHandler(IDbContextFactory<CrmDbContext> dbFactory)
{
    /// <summary>Most rows a CSV export writes.</summary>
    public const int MaxExportRows = 100_000;

    private static readonly string[] Ops = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "startsWith", "contains"];

    /// <summary>Every problem with the query, by JSON path.</summary>
    public static IReadOnlyList<ValidationProblem> Validate(AdHocQuery q)
    {
        var problems = new List<ValidationProblem>();
        var known = string.Join(", ", QueryFields.All.Keys);
        for (var i = 0; i < (q.Filters?.Count ?? 0); i++)
        {
            var f = q.Filters![i];
            if (f.Field is null || !QueryFields.All.ContainsKey(f.Field))
            { problems.Add(new($"$.filters[{i}].field", $"Unknown field '{f.Field}'; fields are {known}.")); continue; }
            if (f.Op is null || !Ops.Contains(f.Op))
            { problems.Add(new($"$.filters[{i}].op", $"Unknown operator '{f.Op}'; use one of {string.Join(", ", Ops)}.")); continue; }
            var type = QueryFields.TypeOf(f.Field);
            if (f.Op is "startsWith" or "contains" && type != typeof(string))
                problems.Add(new($"$.filters[{i}].op", $"'{f.Op}' works on text fields; '{f.Field}' is not text."));
            else if (f.Op is "lt" or "lte" or "gt" or "gte" && (type == typeof(string) || type == typeof(bool) || type.IsEnum))
                problems.Add(new($"$.filters[{i}].op", $"'{f.Op}' compares numbers and dates; '{f.Field}' is {Describe(type)}."));
            else if (TryValues(f, type, out _) is { } error)
                problems.Add(new($"$.filters[{i}].value", error));
        }
        ValidateGrouping(q, problems);
        for (var i = 0; i < (q.Sort?.Count ?? 0); i++)
        {
            var s = q.Sort![i];
            if (q.GroupBy is not null)
            {
                if (s.Field is null || !GroupColumns(q).Contains(s.Field))
                    problems.Add(new($"$.sort[{i}].field", $"A grouped query sorts by {string.Join(" or ", GroupColumns(q))}."));
            }
            else if (s.Field is null || !QueryFields.All.ContainsKey(s.Field))
                problems.Add(new($"$.sort[{i}].field", $"Unknown field '{s.Field}'; fields are {known}."));
            if (s.Direction is not (null or "asc" or "desc"))
                problems.Add(new($"$.sort[{i}].direction", "Direction is asc or desc."));
        }
        for (var i = 0; i < (q.Fields?.Count ?? 0); i++)
            if (!QueryFields.All.ContainsKey(q.Fields![i]))
                problems.Add(new($"$.fields[{i}]", $"Unknown field '{q.Fields[i]}'; fields are {known}."));
        if (q.Page < 1) problems.Add(new("$.page", "page starts at 1."));
        if (q.PageSize is < 1 or > 1000) problems.Add(new("$.pageSize", "pageSize must be between 1 and 1000."));
        return problems;
    }

    /// <summary>Runs a validated query (export: every row up to <see cref="MaxExportRows"/>).</summary>
    public async Task<QueryResult> HandleAsync(AdHocQuery q, CustomerAccess access, bool export = false, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = from c in access.Filter(db, db.Customers.AsNoTracking())
                   join s in db.CustomerScores.AsNoTracking() on c.Id equals s.CustomerId into scores
                   from s in scores.DefaultIfEmpty()
                   select new QueryRow
                   {
                       Id = c.Id, Name = c.Name, Kind = c.Kind, Region = c.Region, Industry = c.Industry, Size = c.Size, Tier = c.Tier,
                       KeyAccount = c.IsKeyAccount, Credit = c.Credit, Lifecycle = c.Lifecycle, ManagerId = c.ManagerId, CreatedAt = c.CreatedAt,
                       Recency = s == null ? null : s.Recency, Frequency = s == null ? null : s.Frequency, Monetary = s == null ? null : s.Monetary,
                       Segment = s == null ? null : s.Segment, HistoricalValue = s == null ? null : s.HistoricalValue,
                       CurrentValue = s == null ? null : s.CurrentValue, PotentialValue = s == null ? null : s.PotentialValue,
                       ChurnRisk = s == null ? null : s.ChurnRisk,
                   };
        foreach (var f in q.Filters ?? []) rows = rows.Where(Predicate(f));
        if (q.GroupBy is not null) return await GroupAsync(rows, q, export, ct);
        var total = await rows.CountAsync(ct);
        rows = Order(rows, q.Sort ?? []);
        rows = export ? rows.Take(MaxExportRows) : rows.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize);
        var fields = q.Fields is { Count: > 0 } asked ? asked : QueryFields.Default;
        var list = await rows.ToListAsync(ct);
        return new QueryResult(fields, list.Select(r => fields.ToDictionary(f => f, f => QueryFields.All[f].GetValue(r))).ToList(),
            total, q.Page, q.PageSize);
    }

    private static Expression<Func<QueryRow, bool>> Predicate(QueryFilter f)
    {
        var row = Expression.Parameter(typeof(QueryRow), "row");
        var member = QueryFields.Access(row, f.Field!);
        var type = QueryFields.TypeOf(f.Field!);
        TryValues(f, type, out var values);
        // Values travel as closure members, which EF sends as parameters.
        Expression Bound(object? value) => Expression.Convert(Expression.Property(Expression.Constant(new Box(value)), nameof(Box.Value)), member.Type);
        Expression body = f.Op switch
        {
            "eq" => Expression.Equal(member, Bound(values[0])),
            "ne" => Expression.NotEqual(member, Bound(values[0])),
            "lt" => Expression.LessThan(member, Bound(values[0])),
            "lte" => Expression.LessThanOrEqual(member, Bound(values[0])),
            "gt" => Expression.GreaterThan(member, Bound(values[0])),
            "gte" => Expression.GreaterThanOrEqual(member, Bound(values[0])),
            "in" => values.Select(v => (Expression)Expression.Equal(member, Bound(v))).Aggregate(Expression.OrElse),
            "startsWith" => Expression.Call(member, typeof(string).GetMethod(nameof(string.StartsWith), [typeof(string)])!, Bound(values[0])),
            _ => Expression.Call(member, typeof(string).GetMethod(nameof(string.Contains), [typeof(string)])!, Bound(values[0])),
        };
        return Expression.Lambda<Func<QueryRow, bool>>(body, row);
    }

    private static IQueryable<QueryRow> Order(IQueryable<QueryRow> rows, IReadOnlyList<QuerySort> sort)
    {
        IOrderedQueryable<QueryRow>? ordered = null;
        foreach (var s in sort.Append(new QuerySort("id", "asc")))
        {
            var row = Expression.Parameter(typeof(QueryRow), "row");
            var key = Expression.Lambda(QueryFields.Access(row, s.Field!), row);
            var method = (ordered is null ? "OrderBy" : "ThenBy") + (s.Direction == "desc" ? "Descending" : "");
            var call = Expression.Call(typeof(Queryable), method, [typeof(QueryRow), key.ReturnType], (ordered ?? rows).Expression, Expression.Quote(key));
            ordered = (IOrderedQueryable<QueryRow>)rows.Provider.CreateQuery<QueryRow>(call);
        }
        return ordered!;
    }

    // Converts the JSON value(s) to the field's type; returns an error message when it cannot.
    private static string? TryValues(QueryFilter f, Type type, out List<object?> values)
    {
        values = [];
        var items = f.Op == "in" ? f.Value as JsonArray : new JsonArray(f.Value?.DeepClone());
        if (items is null || items.Count == 0) return f.Op == "in" ? "'in' needs a non-empty list of values." : "A value is required.";
        foreach (var item in items)
        {
            if (Convert(item, type) is not { } value) return $"'{item?.ToJsonString()}' is not {Describe(type)}.";
            values.Add(value);
        }
        return null;
    }

    private static object? Convert(JsonNode? node, Type type)
    {
        if (node is not JsonValue v) return null;
        var kind = v.GetValueKind();
        if (type == typeof(string)) return kind == JsonValueKind.String ? v.GetValue<string>() : null;
        if (type == typeof(bool)) return kind is JsonValueKind.True or JsonValueKind.False ? v.GetValue<bool>() : null;
        if (type.IsEnum) return kind == JsonValueKind.String && Enum.TryParse(type, v.GetValue<string>(), true, out var e) && !int.TryParse(v.GetValue<string>(), out _) ? e : null;
        if (type == typeof(DateTimeOffset))
            return kind == JsonValueKind.String && DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
        if (kind != JsonValueKind.Number) return null;
        if (type == typeof(int)) return v.TryGetValue<int>(out var i) ? i : null;
        if (type == typeof(long)) return v.TryGetValue<long>(out var l) ? l : null;
        if (type == typeof(decimal)) return v.TryGetValue<decimal>(out var m) ? m : null;
        return null;
    }

    private static string Describe(Type type) =>
        type.IsEnum ? $"one of {string.Join(", ", Enum.GetNames(type))}"
        : type == typeof(string) ? "text" : type == typeof(bool) ? "true or false" : type == typeof(DateTimeOffset) ? "a date and time" : "a number";

    private sealed class Box(object? value)
    {
        public object? Value { get; } = value;
    }
}
