using System.Globalization;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Timers;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>What the router knows about the moment of routing.</summary>
public sealed record RoutingSituation(
    DateTimeOffset Now,
    IReadOnlySet<string> OutOfOffice,
    IReadOnlyDictionary<long, BusinessCalendar> Calendars,
    IReadOnlySet<string> Excluded,
    bool RequireWorkingHours,
    bool RespectCapacity,
    long RoundRobinPosition);

/// <summary>One manager the rule considered and what became of them.</summary>
public sealed record CandidateVerdict(string ManagerId, string Name, bool Eligible, bool Chosen, string Reason);

/// <summary>The router's decision: a manager, or a queue, and why.</summary>
public sealed record RoutingDecision(ClientManager? Manager, string? Queue, IReadOnlyList<CandidateVerdict> Candidates,
    int OutsidePool, long? NewPosition, string Summary);

/// <summary>
/// Picks a manager for a lead under one rule: filters the rule's pool by eligibility (active,
/// not away, under capacity, in working hours when asked), then applies the rule's strategy.
/// Pure: the caller loads the data and stores the result, so the choice is easy to test and
/// to replay in a simulation.
/// </summary>
public static class LeadRouter
{
    public static RoutingDecision Route(Lead lead, RoutingRule rule, IReadOnlyList<ClientManager> managers, RoutingSituation at)
    {
        if (rule.Strategy == RoutingStrategy.Fixed && rule.Manager is null && rule.Queue is { } fixedQueue)
            return new RoutingDecision(null, fixedQueue, [], managers.Count, null, $"rule '{rule.Name}' sends its leads to queue {fixedQueue}");
        var pool = managers.Where(m => InPool(rule, lead, m)).OrderBy(m => m.Id, StringComparer.Ordinal).ToList();
        var verdicts = pool.Select(m => (Manager: m, Skip: Ineligible(m, at))).ToList();
        var eligible = verdicts.Where(v => v.Skip is null).Select(v => v.Manager).ToList();
        var (chosen, why, position) = eligible.Count == 0 ? (null, "", (long?)null) : rule.Strategy switch
        {
            RoutingStrategy.RoundRobin => RoundRobin(pool, eligible, at.RoundRobinPosition),
            RoutingStrategy.LeastLoaded => Pick(eligible, m => (Ratio(m), m.OpenLeads), m => $"lowest load {Load(m)}"),
            RoutingStrategy.Weighted => Weighted(rule, eligible),
            RoutingStrategy.BestMatch => Pick(eligible, m => (-Match(lead, m).Count, Ratio(m)), m => $"best match ({Describe(Match(lead, m))}), load {Load(m)}"),
            _ => eligible.FirstOrDefault(m => m.Id == rule.Manager) is { } f ? (f, "the rule's fixed manager", null) : (null, "", null),
        };
        var candidates = verdicts.Select(v => new CandidateVerdict(v.Manager.Id, v.Manager.Name, v.Skip is null, v.Manager == chosen,
            v.Skip is { } skip ? $"skipped: {skip}"
            : v.Manager == chosen ? $"chosen: {why}"
            : $"eligible, not chosen: {Alternative(rule, lead, v.Manager)}")).ToList();
        var outside = managers.Count - pool.Count;
        if (chosen is not null)
            return new RoutingDecision(chosen, null, candidates, outside, position, $"rule '{rule.Name}' ({rule.Strategy}) chose {chosen.Name} ({chosen.Id}): {why}");
        var reason = pool.Count == 0 ? "no manager is in the rule's pool" : "no manager in the rule's pool is eligible";
        return new RoutingDecision(null, null, candidates, outside, null, $"rule '{rule.Name}' ({rule.Strategy}): {reason}");
    }

    private static bool InPool(RoutingRule rule, Lead lead, ClientManager m)
    {
        if (rule.Managers is { Count: > 0 } ids && !ids.Contains(m.Id)) return false;
        if (rule.Strategy == RoutingStrategy.Fixed && rule.Manager is { } only && m.Id != only) return false;
        if (rule.Team is { } team && !string.Equals(m.Team, team, StringComparison.OrdinalIgnoreCase)) return false;
        if (rule.SameRegion && !List(m.Regions).Contains(lead.Region, StringComparer.OrdinalIgnoreCase)) return false;
        if (rule.MinSeniority is { } s && Enum.TryParse<Seniority>(s, true, out var min) && m.Seniority < min) return false;
        return true;
    }

    private static string? Ineligible(ClientManager m, RoutingSituation at)
    {
        if (!m.IsActive) return "inactive";
        if (at.Excluded.Contains(m.Id)) return "already had this lead";
        if (at.OutOfOffice.Contains(m.Id)) return "out of office";
        if (at.RequireWorkingHours && m.CalendarId is { } c && at.Calendars.TryGetValue(c, out var calendar)
            && calendar.NextWorkingMoment(at.Now) != at.Now)
            return "outside working hours";
        if (at.RespectCapacity && m.OpenLeads >= m.LeadCapacity) return $"at capacity ({m.OpenLeads} of {m.LeadCapacity} open leads)";
        return null;
    }

    // The pointer walks the whole pool (not only today's eligible managers), so a manager back
    // from leave takes their turn where they were.
    private static (ClientManager?, string, long?) RoundRobin(List<ClientManager> pool, List<ClientManager> eligible, long position)
    {
        var start = (int)(position % pool.Count);
        for (var step = 0; step < pool.Count; step++)
        {
            var m = pool[(start + step) % pool.Count];
            if (eligible.Contains(m)) return (m, step == 0 ? "next in rotation" : $"next eligible in rotation ({step} skipped)", position + step + 1);
        }
        return (null, "", null);
    }

    private static (ClientManager?, string, long?) Weighted(RoutingRule rule, List<ClientManager> eligible)
    {
        int WeightOf(ClientManager m) => rule.Weights is not null && rule.Weights.TryGetValue(m.Id, out var w) ? w : m.Weight;
        var weighted = eligible.Where(m => WeightOf(m) > 0).ToList();
        return weighted.Count == 0 ? (null, "", null)
            : Pick(weighted, m => ((m.OpenLeads + 1) / (double)WeightOf(m), m.OpenLeads), m => $"weight {WeightOf(m)} with {m.OpenLeads} open leads is the least served");
    }

    private static (ClientManager?, string, long?) Pick<TKey>(List<ClientManager> eligible, Func<ClientManager, TKey> key, Func<ClientManager, string> why)
    {
        var best = eligible.OrderBy(key).ThenBy(m => m.Id, StringComparer.Ordinal).First();
        return (best, why(best), null);
    }

    private static string Alternative(RoutingRule rule, Lead lead, ClientManager m) => rule.Strategy switch
    {
        RoutingStrategy.RoundRobin => "not next in rotation",
        RoutingStrategy.BestMatch => $"match {Describe(Match(lead, m))}, load {Load(m)}",
        _ => $"load {Load(m)}",
    };

    /// <summary>What a manager has in common with a lead: territory, industry, product skill.</summary>
    public static List<string> Match(Lead lead, ClientManager m)
    {
        var found = new List<string>();
        if (List(m.Regions).Contains(lead.Region, StringComparer.OrdinalIgnoreCase)) found.Add("region");
        if (List(m.Industries).Contains(lead.Industry, StringComparer.OrdinalIgnoreCase)) found.Add("industry");
        if (lead.ProductInterest is { } p && List(m.Skills).Any(s => p.Contains(s, StringComparison.OrdinalIgnoreCase) || s.Contains(p, StringComparison.OrdinalIgnoreCase)))
            found.Add("product skill");
        return found;
    }

    private static string Describe(List<string> match) => match.Count == 0 ? "nothing in common" : string.Join(", ", match);
    private static double Ratio(ClientManager m) => m.LeadCapacity <= 0 ? double.MaxValue : m.OpenLeads / (double)m.LeadCapacity;
    private static string Load(ClientManager m) => string.Create(CultureInfo.InvariantCulture, $"{m.OpenLeads}/{m.LeadCapacity}");
    private static string[] List(string csv) => csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
