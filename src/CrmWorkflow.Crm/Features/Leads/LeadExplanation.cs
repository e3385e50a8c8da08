using System.Buffers;
using System.Text;
using System.Text.Json;
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
    /// <summary>
    /// The explanation as stored JSON. Written straight out rather than built as a JSON tree: a
    /// lead's fifty candidates made some 300 nodes per lead only to be turned into this text.
    /// </summary>
    public static string Write(RoutingRule? rule, string ruleChosenBy, RoutingDecision decision, IReadOnlyList<string> triedBefore,
        string? previous, DateTimeOffset at)
    {
        var tried = triedBefore.ToList();
        if (previous is not null && !tried.Contains(previous)) tried.Add(previous);
        if (decision.Manager is { } m) tried.Add(m.Id);
        var buffer = new ArrayBufferWriter<byte>(1024 + 160 * decision.Candidates.Count);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("at", at);
            json.WriteString("rule", rule?.Name);
            json.WriteString("strategy", rule?.Strategy);
            json.WriteString("ruleChosenBy", ruleChosenBy);
            json.WriteString("summary", decision.Summary);
            json.WriteString("manager", decision.Manager?.Id);
            json.WriteString("queue", decision.Manager is null ? decision.Queue ?? "fallback" : null);
            json.WriteString("reroutedFrom", previous);
            json.WriteStartArray("candidates");
            foreach (var c in decision.Candidates)
            {
                json.WriteStartObject();
                json.WriteString("id", c.ManagerId);
                json.WriteString("name", c.Name);
                json.WriteBoolean("eligible", c.Eligible);
                json.WriteBoolean("chosen", c.Chosen);
                json.WriteString("reason", c.Reason);
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteNumber("outsidePool", decision.OutsidePool);
            json.WriteStartArray("tried");
            foreach (var t in tried) json.WriteStringValue(t);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
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
