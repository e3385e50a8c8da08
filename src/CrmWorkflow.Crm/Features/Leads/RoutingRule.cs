using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>How a rule picks among its eligible managers.</summary>
public static class RoutingStrategy
{
    public const string RoundRobin = "roundRobin";
    public const string LeastLoaded = "leastLoaded";
    public const string Weighted = "weighted";
    public const string BestMatch = "bestMatch";
    public const string Fixed = "fixed";

    public static readonly string[] All = [RoundRobin, LeastLoaded, Weighted, BestMatch, Fixed];
}

/// <summary>
/// One entry of an assignment policy: which leads it takes (criteria, all optional and
/// combined with AND), who may get them (the pool) and how one of them is chosen.
/// </summary>
public sealed record RoutingRule
{
    /// <summary>Unique within the policy; named in every explanation.</summary>
    public string Name { get; init; } = "";
    /// <summary>Any expression over <c>lead</c>, e.g. <c>lead.score >= 70</c>.</summary>
    public string? When { get; init; }
    public IReadOnlyList<string>? Regions { get; init; }
    public IReadOnlyList<string>? Industries { get; init; }
    public IReadOnlyList<string>? Sources { get; init; }
    public IReadOnlyList<string>? ProductInterests { get; init; }
    public int? MinSize { get; init; }
    public int? MaxSize { get; init; }
    public int? MinScore { get; init; }
    public int? MaxScore { get; init; }

    /// <summary>roundRobin, leastLoaded, weighted, bestMatch or fixed.</summary>
    public string Strategy { get; init; } = RoutingStrategy.RoundRobin;
    /// <summary>Only these managers (ids); empty means every manager.</summary>
    public IReadOnlyList<string>? Managers { get; init; }
    /// <summary>Only managers of this team.</summary>
    public string? Team { get; init; }
    /// <summary>Only managers whose regions include the lead's region.</summary>
    public bool SameRegion { get; init; }
    /// <summary>Only managers of at least this seniority (Junior, Senior, Principal).</summary>
    public string? MinSeniority { get; init; }
    /// <summary>Weighted strategy: manager id to weight; managers not listed use their own weight.</summary>
    public IReadOnlyDictionary<string, int>? Weights { get; init; }
    /// <summary>Fixed strategy: this manager.</summary>
    public string? Manager { get; init; }
    /// <summary>Fixed strategy: this queue (the lead waits there for whoever claims it).</summary>
    public string? Queue { get; init; }

    /// <summary>Problems with the rule as written, as (field, message).</summary>
    public IEnumerable<(string Field, string Message)> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name)) yield return ("name", "Each rule needs a name.");
        if (!RoutingStrategy.All.Contains(Strategy))
            yield return ("strategy", $"Strategy '{Strategy}' is unknown; use one of {string.Join(", ", RoutingStrategy.All)}.");
        if (Strategy == RoutingStrategy.Fixed && string.IsNullOrWhiteSpace(Manager) && string.IsNullOrWhiteSpace(Queue))
            yield return ("manager", "A fixed rule names a manager or a queue.");
        if (MinSeniority is { } s && !Enum.TryParse<Seniority>(s, true, out _))
            yield return ("minSeniority", $"Use one of {string.Join(", ", Enum.GetNames<Seniority>())}.");
        if (Weights is not null && Weights.Values.Any(w => w < 0)) yield return ("weights", "Weights are 0 or more.");
        if (MinSize > MaxSize) yield return ("minSize", "minSize is larger than maxSize.");
        if (MinScore > MaxScore) yield return ("minScore", "minScore is larger than maxScore.");
    }

    /// <summary>Why the lead does not meet the rule's fixed criteria, or null when it does.</summary>
    public string? Mismatch(Lead lead)
    {
        if (!In(Regions, lead.Region)) return $"region {lead.Region} is not one of {string.Join(", ", Regions!)}";
        if (!In(Industries, lead.Industry)) return $"industry {lead.Industry} is not one of {string.Join(", ", Industries!)}";
        if (!In(Sources, lead.SourceChannel.ToString())) return $"source {lead.SourceChannel} is not one of {string.Join(", ", Sources!)}";
        if (!In(ProductInterests, lead.ProductInterest)) return $"product interest {lead.ProductInterest ?? "(none)"} is not one of {string.Join(", ", ProductInterests!)}";
        if (lead.Size < MinSize || lead.Size > MaxSize) return $"size {lead.Size} is outside {MinSize?.ToString() ?? "any"}-{MaxSize?.ToString() ?? "any"}";
        if (lead.Score < MinScore || lead.Score > MaxScore) return $"score {lead.Score} is outside {MinScore?.ToString() ?? "any"}-{MaxScore?.ToString() ?? "any"}";
        return null;
    }

    private static bool In(IReadOnlyList<string>? allowed, string? value) =>
        allowed is null || allowed.Count == 0 || (value is not null && allowed.Contains(value, StringComparer.OrdinalIgnoreCase));
}
