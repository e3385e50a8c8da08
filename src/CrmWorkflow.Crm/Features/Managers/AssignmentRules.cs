using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>
/// How a dedicated client manager is chosen for a customer. Analysts set these on the
/// assignment activity; the handover preview reads them from the published workflow.
/// </summary>
public sealed record AssignmentRules
{
    /// <summary>The rules the shipped workflow starts from: Diamond needs Senior, everyone in the customer's region.</summary>
    public static AssignmentRules Default { get; } = new();

    /// <summary>The least seniority a manager needs for customers of each tier (tiers not listed: Junior).</summary>
    public IReadOnlyDictionary<CustomerTier, Seniority> MinimumSeniority { get; init; } =
        new Dictionary<CustomerTier, Seniority> { [CustomerTier.Diamond] = Seniority.Senior };

    /// <summary>The least seniority for a key account, whatever its tier (null: the tier decides).</summary>
    public Seniority? KeyAccountSeniority { get; init; }

    /// <summary>Only managers who cover the customer's region qualify.</summary>
    public bool RequireSameRegion { get; init; } = true;

    /// <summary>Among qualified managers, those who know the customer's industry come first.</summary>
    public bool PreferSameIndustry { get; init; } = true;

    /// <summary>Also name a backup manager who can step in (and who is promoted first on a handover).</summary>
    public bool Backup { get; init; }

    /// <summary>The least seniority this customer needs.</summary>
    public Seniority MinimumFor(Customer customer)
    {
        var tier = MinimumSeniority.GetValueOrDefault(customer.Tier, Seniority.Junior);
        return customer.IsKeyAccount && KeyAccountSeniority is { } key && key > tier ? key : tier;
    }

    /// <summary>The key the minimum-seniority object uses for key accounts.</summary>
    public const string KeyAccountKey = "KeyAccount";

    /// <summary>
    /// Reads <c>{ "Diamond": "Senior", "Gold": "Junior", "KeyAccount": "Senior" }</c>; problems are
    /// (member, message) pairs so callers can report them at their JSON path.
    /// </summary>
    public static (Dictionary<CustomerTier, Seniority> Tiers, Seniority? KeyAccount, List<(string Member, string Message)> Problems) ParseMinimum(JsonNode? json)
    {
        var tiers = new Dictionary<CustomerTier, Seniority>();
        Seniority? key = null;
        var problems = new List<(string, string)>();
        if (json is null || json.GetValueKind() == JsonValueKind.Null) return (tiers, key, problems);
        if (json is not JsonObject obj)
        {
            problems.Add(("", "Give an object of tier and seniority, e.g. { \"Diamond\": \"Senior\" }."));
            return (tiers, key, problems);
        }
        foreach (var (name, value) in obj)
        {
            var text = value?.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
            if (!TryName<Seniority>(text, out var seniority))
            {
                problems.Add((name, $"'{text ?? value?.ToJsonString()}' is not a seniority; use {string.Join(", ", Enum.GetNames<Seniority>())}."));
                continue;
            }
            if (string.Equals(name, KeyAccountKey, StringComparison.OrdinalIgnoreCase)) key = seniority;
            else if (TryName<CustomerTier>(name, out var tier)) tiers[tier] = seniority;
            else problems.Add((name, $"'{name}' is not a tier; use {string.Join(", ", Enum.GetNames<CustomerTier>())} or {KeyAccountKey}."));
        }
        return (tiers, key, problems);
    }

    /// <summary>Reads a list of tier names; unknown names are returned as problems.</summary>
    public static (List<CustomerTier> Tiers, List<string> Unknown) ParseTiers(IEnumerable<string> names)
    {
        var tiers = new List<CustomerTier>();
        var unknown = new List<string>();
        foreach (var name in names)
            if (TryName<CustomerTier>(name, out var tier)) tiers.Add(tier);
            else unknown.Add(name);
        return (tiers, unknown);
    }

    /// <summary>One line for explanations and the preview.</summary>
    public string Describe() =>
        $"minimum seniority {string.Join(", ", Enum.GetValues<CustomerTier>().Reverse().Select(t => $"{t} {MinimumSeniority.GetValueOrDefault(t, Seniority.Junior)}"))}"
        + (KeyAccountSeniority is { } k ? $", key accounts {k}" : "")
        + (RequireSameRegion ? "; same region required" : "; any region")
        + (PreferSameIndustry ? "; same industry preferred" : "")
        + (Backup ? "; with a backup manager" : "");

    private static bool TryName<T>(string? text, out T value) where T : struct, Enum
    {
        var match = Enum.GetNames<T>().FirstOrDefault(n => string.Equals(n, text, StringComparison.OrdinalIgnoreCase));
        value = match is null ? default : Enum.Parse<T>(match);
        return match is not null;
    }
}
