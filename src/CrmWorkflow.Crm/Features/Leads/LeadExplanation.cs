using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>
/// The routing explanation stored on a lead (JSON): the rule and how it was chosen, each
/// candidate with why it was chosen or skipped, the managers who already had the lead, and the
/// outcome. Users read it as "why did this lead come to me".
/// </summary>
public static class LeadExplanation
{
    public static JsonObject Build(RoutingRule? rule, string ruleChosenBy, RoutingDecision decision, IReadOnlyList<string> triedBefore,
        string? previous, DateTimeOffset at)
    {
        var tried = triedBefore.ToList();
        if (previous is not null && !tried.Contains(previous)) tried.Add(previous);
        if (decision.Manager is { } m) tried.Add(m.Id);
        return new JsonObject
        {
            ["at"] = at,
            ["rule"] = rule?.Name,
            ["strategy"] = rule?.Strategy,
            ["ruleChosenBy"] = ruleChosenBy,
            ["summary"] = decision.Summary,
            ["manager"] = decision.Manager?.Id,
            ["queue"] = decision.Manager is null ? decision.Queue ?? "fallback" : null,
            ["reroutedFrom"] = previous,
            ["candidates"] = new JsonArray(decision.Candidates.Select(c => (JsonNode)new JsonObject
            {
                ["id"] = c.ManagerId, ["name"] = c.Name, ["eligible"] = c.Eligible, ["chosen"] = c.Chosen, ["reason"] = c.Reason,
            }).ToArray()),
            ["outsidePool"] = decision.OutsidePool,
            ["tried"] = new JsonArray(tried.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
        };
    }

    /// <summary>Managers who had the lead before (from its stored explanation).</summary>
    public static IReadOnlyList<string> Tried(Lead lead)
    {
        var tried = new List<string>();
        if (lead.RoutingExplanation is { } json && JsonNode.Parse(json)?["tried"] is JsonArray list)
            tried.AddRange(list.Select(t => t?.GetValue<string>()).OfType<string>());
        if (lead.AssignedManagerId is { } current && !tried.Contains(current)) tried.Add(current);
        return tried;
    }

    /// <summary>The lead as workflows and templates see it.</summary>
    public static JsonObject LeadJson(Lead lead) => new()
    {
        ["id"] = lead.Id, ["personName"] = lead.PersonName, ["companyName"] = lead.CompanyName, ["email"] = lead.Email,
        ["region"] = lead.Region, ["industry"] = lead.Industry, ["size"] = lead.Size, ["source"] = lead.SourceChannel.ToString(),
        ["productInterest"] = lead.ProductInterest, ["estimatedValue"] = lead.EstimatedValue, ["score"] = lead.Score,
        ["status"] = lead.Status.ToString(), ["managerId"] = lead.AssignedManagerId, ["queue"] = lead.Queue,
    };
}
