using System.Linq.Expressions;
using System.Reflection;
using CrmWorkflow.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Query;

/// <summary>Grouped ad-hoc queries: one row per value of a field, counted in the database.</summary>
public sealed partial class AdHocQueryHandler
{
    /// <summary>Most groups a query returns (the largest first).</summary>
    public const int MaxGroups = 1000;

    /// <summary>The aggregates besides the count.</summary>
    public static readonly string[] Aggregates = ["count", "sum", "avg", "min", "max"];

    /// <summary>Fields that make sensible groups: categories, not identities, timestamps or amounts.</summary>
    public static IReadOnlyList<string> GroupFields { get; } = QueryFields.All.Keys
        .Where(f => f is not ("id" or "name" or "createdAt") && QueryFields.TypeOf(f) is var t
                    && (t == typeof(string) || t.IsEnum || t == typeof(bool) || t == typeof(int)))
        .ToList();

    /// <summary>Number fields an aggregate can sum, average, or take the least or most of.</summary>
    public static IReadOnlyList<string> NumberFields { get; } = QueryFields.All.Keys
        .Where(f => f != "id" && QueryFields.TypeOf(f) is var t && (t == typeof(int) || t == typeof(decimal)))
        .ToList();

    /// <summary>The columns of a grouped query's answer: the group field, count, and the aggregate if any.</summary>
    public static IReadOnlyList<string> GroupColumns(AdHocQuery q) => q.Aggregate is null or "count" || q.AggregateField is null
        ? [q.GroupBy!, "count"]
        : [q.GroupBy!, "count", $"{q.Aggregate}({q.AggregateField})"];

    private static void ValidateGrouping(AdHocQuery q, List<ValidationProblem> problems)
    {
        if (q.GroupBy is null)
        {
            if (q.Aggregate is not null || q.AggregateField is not null)
                problems.Add(new("$.groupBy", "An aggregate needs a field to group by."));
            return;
        }
        if (!GroupFields.Contains(q.GroupBy))
            problems.Add(new("$.groupBy", $"Cannot group by '{q.GroupBy}'; group by one of {string.Join(", ", GroupFields)}."));
        if (q.Aggregate is not null && !Aggregates.Contains(q.Aggregate))
            problems.Add(new("$.aggregate", $"Unknown aggregate '{q.Aggregate}'; use one of {string.Join(", ", Aggregates)}."));
        else if (q.Aggregate is not (null or "count") && (q.AggregateField is null || !NumberFields.Contains(q.AggregateField)))
            problems.Add(new("$.aggregateField", $"'{q.Aggregate}' needs a number field: one of {string.Join(", ", NumberFields)}."));
    }

    private static async Task<QueryResult> GroupAsync(IQueryable<QueryRow> rows, AdHocQuery q, bool export, CancellationToken ct)
    {
        var keyType = QueryFields.All[q.GroupBy!].PropertyType;
        var run = typeof(AdHocQueryHandler).GetMethod(nameof(GroupByAsync), BindingFlags.NonPublic | BindingFlags.Static)!.MakeGenericMethod(keyType);
        var groups = await (Task<List<(object? Key, int Count, double? Value)>>)run.Invoke(null, [rows, q, ct])!;
        var columns = GroupColumns(q);
        IEnumerable<(object? Key, int Count, double? Value)> ordered = groups.OrderBy(g => g.Key, Comparer<object?>.Default);
        foreach (var s in (q.Sort ?? []).Reverse())
        {
            Func<(object? Key, int Count, double? Value), object?> by = s.Field == "count" ? g => g.Count : s.Field == q.GroupBy ? g => g.Key : g => g.Value;
            ordered = s.Direction == "desc" ? ordered.OrderByDescending(by, Comparer<object?>.Default) : ordered.OrderBy(by, Comparer<object?>.Default);
        }
        var page = export ? ordered : ordered.Skip((q.Page - 1) * q.PageSize).Take(q.PageSize);
        var result = page.Select(g =>
        {
            var row = new Dictionary<string, object?> { [columns[0]] = g.Key, ["count"] = g.Count };
            if (columns.Count > 2) row[columns[2]] = g.Value is { } v ? Math.Round(v, 2) : null;
            return row;
        }).ToList();
        return new QueryResult(columns, result, groups.Count, q.Page, q.PageSize);
    }

    // Builds g => new GroupRow { Key = g.Key, Count = g.Count(), Value = g.Sum(r => (double?)r.Field) }
    // for the field's own key type, so the database does the grouping.
    private static async Task<List<(object? Key, int Count, double? Value)>> GroupByAsync<TKey>(IQueryable<QueryRow> rows, AdHocQuery q,
        CancellationToken ct)
    {
        var row = Expression.Parameter(typeof(QueryRow), "row");
        var key = Expression.Lambda<Func<QueryRow, TKey>>(QueryFields.Access(row, q.GroupBy!), row);
        var g = Expression.Parameter(typeof(IGrouping<TKey, QueryRow>), "g");
        Expression value = Expression.Constant(null, typeof(double?));
        if (q.Aggregate is not (null or "count") && q.AggregateField is { } field)
        {
            var r = Expression.Parameter(typeof(QueryRow), "r");
            var measure = Expression.Lambda<Func<QueryRow, double?>>(Expression.Convert(QueryFields.Access(r, field), typeof(double?)), r);
            var method = q.Aggregate switch { "sum" => "Sum", "avg" => "Average", "min" => "Min", _ => "Max" };
            value = Expression.Call(typeof(Enumerable), method, [typeof(QueryRow)], g, measure);
        }
        var count = Expression.Call(typeof(Enumerable), nameof(Enumerable.Count), [typeof(QueryRow)], g);
        var body = Expression.MemberInit(Expression.New(typeof(GroupRow<TKey>)),
            Expression.Bind(typeof(GroupRow<TKey>).GetProperty(nameof(GroupRow<TKey>.Key))!, Expression.Property(g, "Key")),
            Expression.Bind(typeof(GroupRow<TKey>).GetProperty(nameof(GroupRow<TKey>.Count))!, count),
            Expression.Bind(typeof(GroupRow<TKey>).GetProperty(nameof(GroupRow<TKey>.Value))!, value));
        var groups = await rows.GroupBy(key).Select(Expression.Lambda<Func<IGrouping<TKey, QueryRow>, GroupRow<TKey>>>(body, g))
            .OrderByDescending(x => x.Count).Take(MaxGroups).ToListAsync(ct);
        return groups.Select(x => ((object?)x.Key, x.Count, x.Value)).ToList();
    }

    private sealed class GroupRow<TKey>
    {
        public TKey Key { get; set; } = default!;
        public int Count { get; set; }
        public double? Value { get; set; }
    }
}
