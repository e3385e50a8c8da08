using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Managers;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Crm.Activities;

public sealed partial class AssignClientManagerActivity
{
    private const int MaxExplained = 50;

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Crm();
        var ct = context.CancellationToken;
        var rules = BuildRules(name => context.Node.Inputs.TryGetValue(name, out var v) ? context.Evaluate(v) : null);
        var assigner = await AccountAssigner.CreateAsync(db, context.Now, ct);
        var mode = context.Get(Mode, "assign");
        var reason = context.Get(Reason);
        if (mode == "handover")
        {
            var managerId = context.Get(ManagerId);
            if (string.IsNullOrWhiteSpace(managerId)) throw new InvalidOperationException($"'{context.ActivityId}': 'managerId' evaluated to nothing; which manager leaves?");
            var result = await assigner.HandOverAsync(managerId, rules, string.IsNullOrWhiteSpace(reason) ? "manager deactivated" : reason, ct);
            await NotifyAsync(context, result.HandedOver, reason);
            return HandoverOutputs(context, result);
        }
        if (mode != "assign") throw new InvalidOperationException($"'{context.ActivityId}': mode '{mode}' is unknown; use assign or handover.");
        var customerId = context.Get(CustomerId) ?? throw new InvalidOperationException($"'{context.ActivityId}': 'customerId' evaluated to nothing; which customer?");
        var (tiers, unknown) = AssignmentRules.ParseTiers(context.Get(Tiers, ["Gold", "Diamond"]));
        if (unknown.Count > 0) throw new InvalidOperationException($"'{context.ActivityId}': {string.Join(", ", unknown)} is not a tier.");
        var assigned = await assigner.AssignAsync(customerId, rules, tiers, context.Get(IncludeKeyAccounts, true),
            string.IsNullOrWhiteSpace(reason) ? "Dedicated manager" : reason, ct);
        context.SetOutput("manager", Describe(assigned.Primary));
        context.SetOutput("backup", Describe(assigned.Backup));
        context.SetOutput("changed", assigned.Changed);
        context.SetOutput("reason", assigned.Reason);
        context.SetOutput("explanation", Json(assigned.Candidates.Take(MaxExplained)));
        if (assigned.Change is { } change) await NotifyAsync(context, [change], reason);
        else context.SetOutput("notices", Json(new NoticeReport(0, 0, [])));
        return ActivityOutcome.Port(assigned.Port);
    }

    private ActivityOutcome HandoverOutputs(ActivityContext context, HandoverResult result)
    {
        var byManager = result.HandedOver.GroupBy(c => c.ToManagerName).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ({g.Count()})");
        var summary = $"{result.Leaving.Name} handed over {result.HandedOver.Count} account(s)"
            + (result.HandedOver.Count > 0 ? $" to {string.Join(", ", byManager)}" : "") + "."
            + (result.Unassigned.Count > 0 ? $" {result.Unassigned.Count} account(s) found no successor and wait for a person: {result.Unassigned[0].Why}." : "")
            + (result.BackupRolesEnded > 0 ? $" {result.BackupRolesEnded} backup role(s) ended." : "")
            + (result.OpportunitiesMoved > 0 ? $" {result.OpportunitiesMoved} open opportunity(ies) moved with their accounts." : "")
            + (result.OpenLeadIds.Count > 0 ? $" {result.OpenLeadIds.Count} open lead(s) are still assigned to {result.Leaving.Name}." : "");
        context.SetOutput("reason", summary);
        context.SetOutput("handedOver", Json(result.HandedOver));
        context.SetOutput("unassigned", Json(result.Unassigned));
        context.SetOutput("explanation", new JsonArray(result.HandedOver.Select(c => (JsonNode?)$"{c.CustomerName} ({c.Tier}) -> {c.ToManagerName}: {c.Reason}")
            .Concat(result.Unassigned.Select(u => (JsonNode?)$"{u.CustomerName} ({u.Tier}) -> nobody: {u.Why}")).ToArray()));
        context.SetOutput("openLeads", result.OpenLeadIds.Count);
        context.SetOutput("openLeadIds", Json(result.OpenLeadIds.Take(MaxExplained)));
        context.SetOutput("changed", result.HandedOver.Count > 0);
        return ActivityOutcome.Port(result.Unassigned.Count > 0 ? "noneAvailable" : "assigned");
    }

    private async Task NotifyAsync(ActivityContext context, IReadOnlyList<AccountChange> changes, string? reason)
    {
        var channel = context.Get(ManagerChannel, "email") == "inApp" ? MessageChannel.InApp : MessageChannel.Email;
        var report = await AssignmentNotices.SendAsync(context.Crm(), request => context.Notify(request), changes,
            context.Get(CustomerNotice), context.Get(ManagerNotice), channel, reason, context.CancellationToken);
        context.SetOutput("notices", Json(report));
    }

    private static JsonNode? Describe(ClientManager? m) => m is null ? null : new JsonObject
    {
        ["id"] = m.Id, ["name"] = m.Name, ["email"] = m.Email, ["userId"] = m.UserId, ["seniority"] = m.Seniority.ToString(),
        ["regions"] = m.Regions, ["industries"] = m.Industries,
    };

    private static JsonNode? Json<T>(T value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web);
}
