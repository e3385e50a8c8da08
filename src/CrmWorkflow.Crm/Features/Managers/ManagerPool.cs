using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>One manager considered for a customer: chosen, qualified but not chosen, or skipped, and why.</summary>
public sealed record CandidateVerdict(string ManagerId, string Name, string Verdict, string Reason);

/// <summary>The outcome of choosing a manager: who (or nobody), why, and every candidate's verdict.</summary>
public sealed record Selection(ClientManager? Chosen, string Why, IReadOnlyList<CandidateVerdict> Candidates);

/// <summary>
/// The client managers as loaded for one unit of work (tracked, so key-account counters move as
/// accounts are given out and later choices in the same run see the new load) and who is away now.
/// </summary>
internal sealed class ManagerPool
{
    private readonly List<ClientManager> _managers;
    private readonly Dictionary<string, DateTimeOffset> _awayUntil;

    private ManagerPool(List<ClientManager> managers, Dictionary<string, DateTimeOffset> awayUntil)
    {
        _managers = managers;
        _awayUntil = awayUntil;
    }

    public static async Task<ManagerPool> LoadAsync(CrmDbContext db, DateTimeOffset now, CancellationToken ct)
    {
        var managers = await db.ClientManagers.OrderBy(m => m.Id).ToListAsync(ct);
        var away = await db.OutOfOffice.AsNoTracking().Where(o => o.From <= now && o.To > now)
            .Select(o => new { o.ManagerId, o.To }).ToListAsync(ct);
        return new ManagerPool(managers, away.GroupBy(a => a.ManagerId).ToDictionary(g => g.Key, g => g.Max(a => a.To)));
    }

    public ClientManager? Find(string? id) => id is null ? null : _managers.FirstOrDefault(m => m.Id == id);

    public static int Remaining(ClientManager m) => m.KeyAccountCapacity - m.KeyAccounts;

    /// <summary>Null when the manager may serve the customer under the rules; otherwise the category and reason.</summary>
    public (string Category, string Reason)? Unsuitable(ClientManager m, Customer c, AssignmentRules rules, bool needsCapacity, bool ignoreAway = false)
    {
        if (!m.IsActive) return ("inactive", "inactive");
        if (!ignoreAway && _awayUntil.TryGetValue(m.Id, out var until)) return ("away", $"out of office until {until:yyyy-MM-dd}");
        var minimum = rules.MinimumFor(c);
        if (m.Seniority < minimum)
            return ("seniority", $"{m.Seniority}; {c.Tier}{(c.IsKeyAccount ? " key-account" : "")} customers need {minimum} or above");
        if (rules.RequireSameRegion && c.Region.Length > 0 && !Has(m.Regions, c.Region))
            return ("region", $"does not cover {c.Region} (covers {(m.Regions.Length == 0 ? "no region" : m.Regions)})");
        if (needsCapacity && Remaining(m) <= 0)
            return ("capacity", $"no key-account capacity left ({m.KeyAccounts} of {m.KeyAccountCapacity})");
        return null;
    }

    /// <summary>
    /// Chooses the best qualified manager: same industry first (when preferred), then the lowest
    /// share of key-account capacity in use, so accounts spread evenly over the team.
    /// </summary>
    /// <param name="excluded">Managers not to consider, with why (the one leaving, the primary when choosing a backup).</param>
    public Selection Choose(Customer c, AssignmentRules rules, IReadOnlyDictionary<string, string> excluded)
    {
        var skipped = new List<(CandidateVerdict Verdict, string Category)>();
        var qualified = new List<ClientManager>();
        foreach (var m in _managers)
        {
            if (excluded.TryGetValue(m.Id, out var why)) skipped.Add((new(m.Id, m.Name, "skipped", why), "excluded"));
            else if (Unsuitable(m, c, rules, needsCapacity: true) is { } problem) skipped.Add((new(m.Id, m.Name, "skipped", problem.Reason), problem.Category));
            else qualified.Add(m);
        }
        var ranked = qualified
            .OrderBy(m => rules.PreferSameIndustry && !Has(m.Industries, c.Industry) ? 1 : 0)
            .ThenBy(m => (double)m.KeyAccounts / Math.Max(1, m.KeyAccountCapacity))
            .ThenByDescending(Remaining)
            .ThenBy(m => m.Id, StringComparer.Ordinal)
            .ToList();
        var verdicts = ranked.Select((m, i) => new CandidateVerdict(m.Id, m.Name, i == 0 ? "chosen" : "qualified",
            (i == 0 ? $"best of {ranked.Count} qualified: " : $"ranked {i + 1} of {ranked.Count}: ") + Strengths(m, c, rules))).ToList();
        verdicts.AddRange(skipped.Select(s => s.Verdict));
        if (ranked.Count > 0) return new Selection(ranked[0], verdicts[0].Reason, verdicts);
        var counts = skipped.Where(s => s.Category != "excluded").GroupBy(s => s.Category).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()} {Plural(g.Key, g.Count())}");
        var none = _managers.Count == 0 ? "there are no client managers"
            : $"none of {_managers.Count} managers qualifies ({rules.MinimumFor(c)} or above{(rules.RequireSameRegion ? $" in {c.Region}" : "")}): {string.Join(", ", counts)}";
        return new Selection(null, none, verdicts);
    }

    private static string Strengths(ClientManager m, Customer c, AssignmentRules rules) =>
        $"{m.Seniority}"
        + (rules.RequireSameRegion ? $", covers {c.Region}" : "")
        + (Has(m.Industries, c.Industry) ? $", knows {c.Industry}" : ", other industries")
        + $", {m.KeyAccounts} of {m.KeyAccountCapacity} key accounts";

    private static string Plural(string category, int n) => category switch
    {
        "inactive" => n == 1 ? "is inactive" : "are inactive",
        "away" => n == 1 ? "is out of office" : "are out of office",
        "seniority" => n == 1 ? "is not senior enough" : "are not senior enough",
        "region" => n == 1 ? "works in other regions" : "work in other regions",
        "capacity" => n == 1 ? "has no key-account capacity left" : "have no key-account capacity left",
        _ => category,
    };

    /// <summary>True when a comma-separated list holds the value (case ignored).</summary>
    public static bool Has(string list, string value) =>
        value.Length > 0 && list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Any(x => string.Equals(x, value, StringComparison.OrdinalIgnoreCase));
}
