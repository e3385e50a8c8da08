using System.Linq.Expressions;
using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Query;

/// <summary>One row of the ad-hoc query: customer fields and their scores.</summary>
public sealed class QueryRow
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public CustomerKind Kind { get; set; }
    public string Region { get; set; } = "";
    public string Industry { get; set; } = "";
    public int Size { get; set; }
    public CustomerTier Tier { get; set; }
    public bool KeyAccount { get; set; }
    public CreditRating Credit { get; set; }
    public LifecycleStatus Lifecycle { get; set; }
    public string? ManagerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int? Recency { get; set; }
    public int? Frequency { get; set; }
    public int? Monetary { get; set; }
    public string? Segment { get; set; }
    public decimal? HistoricalValue { get; set; }
    public decimal? CurrentValue { get; set; }
    public decimal? PotentialValue { get; set; }
    public int? ChurnRisk { get; set; }
}

/// <summary>The fields a query may filter, sort and show: nothing else reaches the database.</summary>
public static class QueryFields
{
    /// <summary>Field name (camelCase) to the row property.</summary>
    public static readonly IReadOnlyDictionary<string, System.Reflection.PropertyInfo> All =
        typeof(QueryRow).GetProperties().ToDictionary(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..], StringComparer.Ordinal);

    /// <summary>Shown when no fields are asked for.</summary>
    public static readonly string[] Default = ["id", "name", "region", "industry", "tier", "keyAccount", "segment", "churnRisk", "currentValue"];

    /// <summary>A field's value type without nullability.</summary>
    public static Type TypeOf(string field) => Nullable.GetUnderlyingType(All[field].PropertyType) ?? All[field].PropertyType;

    /// <summary>Member access <c>row.Field</c>.</summary>
    public static MemberExpression Access(ParameterExpression row, string field) => Expression.Property(row, All[field]);
}
