using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Managers;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Validation;

namespace CrmWorkflow.Crm.Activities;

/// <summary>The client-manager system: one accountable manager per key customer, and handovers when a manager leaves.</summary>
[Activity("crm.assignClientManager", "CRM", "Gives a customer a dedicated client manager chosen by tier, region, industry, seniority and free key-account capacity, or hands every account of a leaving manager over; keeps the assignment history and tells customers and managers.")]
[Ports("assigned", "noneAvailable", "skipped")]
[Output("manager", "object", "Assign: the primary manager { id, name, email, seniority, regions, industries }.")]
[Output("backup", "object", "Assign: the backup manager, or null.")]
[Output("changed", "boolean", "Assign: true when the customer got a new primary manager.")]
[Output("reason", "string", "What happened and why, in one paragraph (why nobody was available on 'noneAvailable').")]
[Output("explanation", "array", "Assign: every manager considered and why chosen or skipped. Handover: every account and where it went.")]
[Output("handedOver", "array", "Handover: [{ customerId, customerName, tier, fromManagerId, toManagerId, toManagerName, how, reason }].")]
[Output("unassigned", "array", "Handover: accounts nobody could take over [{ customerId, customerName, tier, why }].")]
[Output("openLeads", "number", "Handover: open leads still assigned to the leaving manager (lead routing owns them).")]
[Output("openLeadIds", "array", "Handover: the ids of those leads (the first 50).")]
[Output("notices", "object", "{ customers, managers, notSent }: messages queued and what could not be sent.")]
public sealed partial class AssignClientManagerActivity : Activity
{
    /// <summary>Mode.</summary>
    [Input("'assign': give one customer a dedicated manager (keeps the current one if they still fit). 'handover': move every account of a leaving manager to others.",
        UiHint = UiHint.Select, Options = ["assign", "handover"], DefaultJson = "\"assign\"")]
    public Input<string> Mode { get; } = new();

    /// <summary>Customer (assign).</summary>
    [Input("Assign: the customer, e.g. input.customerId.", UiHint = UiHint.Expression)]
    public Input<long?> CustomerId { get; } = new();

    /// <summary>Leaving manager (handover).</summary>
    [Input("Handover: the manager who leaves, e.g. input.managerId.", UiHint = UiHint.Expression)]
    public Input<string?> ManagerId { get; } = new();

    /// <summary>Tiers that get a dedicated manager.</summary>
    [Input("Assign: customers of these tiers get a dedicated manager; others follow 'skipped'.", UiHint = UiHint.List, DefaultJson = "[\"Gold\", \"Diamond\"]")]
    public Input<IReadOnlyList<string>> Tiers { get; } = new();

    /// <summary>Key accounts too.</summary>
    [Input("Assign: key accounts (the top customers by margin) get a dedicated manager whatever their tier.", UiHint = UiHint.Checkbox, DefaultJson = "true")]
    public Input<bool> IncludeKeyAccounts { get; } = new();

    /// <summary>Minimum seniority per tier.</summary>
    [Input("The least seniority (Junior, Senior, Principal) a manager needs per customer tier, and optionally for any key account, e.g. { \"Diamond\": \"Senior\", \"KeyAccount\": \"Senior\" }. Tiers not listed: Junior.",
        UiHint = UiHint.Json, DefaultJson = "{ \"Diamond\": \"Senior\" }")]
    public Input<JsonObject?> MinimumSeniority { get; } = new();

    /// <summary>Same region.</summary>
    [Input("Only managers who cover the customer's region qualify.", UiHint = UiHint.Checkbox, DefaultJson = "true")]
    public Input<bool> RequireSameRegion { get; } = new();

    /// <summary>Same industry first.</summary>
    [Input("Among qualified managers, those who know the customer's industry come first (then the least loaded).", UiHint = UiHint.Checkbox, DefaultJson = "true")]
    public Input<bool> PreferSameIndustry { get; } = new();

    /// <summary>Backup manager.</summary>
    [Input("Also name a backup manager per account; a fitting backup takes the account over first when the primary leaves.", UiHint = UiHint.Checkbox, DefaultJson = "false")]
    public Input<bool> Backup { get; } = new();

    /// <summary>Reason.</summary>
    [Input("Why, as recorded on the assignment history, e.g. 'Tier changed to {{ input.to }}'.", UiHint = UiHint.Template)]
    public Input<string?> Reason { get; } = new();

    /// <summary>Customer notice.</summary>
    [Input("Template telling each customer who their new manager is (one notice per customer, to the customer's email); empty: do not tell them.", DefaultJson = "\"manager-handover\"")]
    public Input<string?> CustomerNotice { get; } = new();

    /// <summary>Manager notice.</summary>
    [Input("Template telling each manager which accounts they received (one message per manager); empty: do not tell them.", DefaultJson = "\"account-assigned\"")]
    public Input<string?> ManagerNotice { get; } = new();

    /// <summary>Manager channel.</summary>
    [Input("How managers are told (falls back to the other when the manager has no address for it).", UiHint = UiHint.Select, Options = ["email", "inApp"], DefaultJson = "\"email\"")]
    public Input<string> ManagerChannel { get; } = new();

    /// <inheritdoc />
    public override object? Prepare(ActivityNode node, PrepareContext context)
    {
        var inputs = node.Inputs ?? [];
        var mode = inputs["mode"] is JsonValue m && m.GetValueKind() == JsonValueKind.String ? m.GetValue<string>() : "assign";
        if (mode == "assign" && inputs["customerId"] is null)
            context.Report(context.InputPath("customerId"), "Assign mode needs the customer, e.g. { \"expr\": \"input.customerId\" }.");
        if (mode == "handover" && inputs["managerId"] is null)
            context.Report(context.InputPath("managerId"), "Handover mode needs the leaving manager, e.g. { \"expr\": \"input.managerId\" }.");
        if (inputs["minimumSeniority"] is JsonObject minimum && CompiledValue.AsScript(minimum) is null)
            foreach (var (member, message) in AssignmentRules.ParseMinimum(minimum).Problems)
                context.Report($"{context.InputPath("minimumSeniority")}{(member.Length > 0 ? "." + member : "")}", message);
        if (inputs["tiers"] is JsonArray tiers)
            foreach (var unknown in AssignmentRules.ParseTiers(tiers.Select(t => t?.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : t?.ToJsonString() ?? "null")).Unknown)
                context.Report(context.InputPath("tiers"), $"'{unknown}' is not a tier; use {string.Join(", ", Enum.GetNames<CustomerTier>())}.");
        return null;
    }

    /// <summary>
    /// The selection rules of a node from its literal inputs (defaults where an input is an
    /// expression), so a preview uses the rules the published workflow uses.
    /// </summary>
    public static AssignmentRules LiteralRules(CompiledNode node) =>
        BuildRules(name => node.Inputs.TryGetValue(name, out var v) && v.IsLiteral ? v.Literal : null);

    private static AssignmentRules BuildRules(Func<string, JsonNode?> value)
    {
        var (tiers, key, problems) = value("minimumSeniority") is { } given
            ? AssignmentRules.ParseMinimum(given)
            : (new Dictionary<CustomerTier, Seniority>(AssignmentRules.Default.MinimumSeniority), null, []);
        if (problems.Count > 0)
            throw new InvalidOperationException("minimumSeniority: " + string.Join(" ", problems.Select(p => p.Message)));
        return new AssignmentRules
        {
            MinimumSeniority = tiers, KeyAccountSeniority = key,
            RequireSameRegion = Flag(value("requireSameRegion"), AssignmentRules.Default.RequireSameRegion),
            PreferSameIndustry = Flag(value("preferSameIndustry"), AssignmentRules.Default.PreferSameIndustry),
            Backup = Flag(value("backup"), AssignmentRules.Default.Backup),
        };
    }

    private static bool Flag(JsonNode? node, bool fallback) => node is null ? fallback : ScriptValues.IsTrue(node);
}
