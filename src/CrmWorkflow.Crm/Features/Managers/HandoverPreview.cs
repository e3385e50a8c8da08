using System.Text.Json;
using CrmWorkflow.Crm.Activities;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>What a handover would do, computed without writing anything.</summary>
/// <param name="RulesFrom">Where the rules came from: the published workflow's handover step, or the defaults.</param>
public sealed record HandoverPreview(string ManagerId, string Name, bool IsActive, string Rules, string RulesFrom,
    IReadOnlyList<AccountChange> Accounts, IReadOnlyList<UnplacedAccount> WithoutSuccessor, int BackupRolesEnded,
    int OpenLeads, string Summary);

/// <summary>
/// Previews a manager's handover for the admin who is about to deactivate them: the same code
/// as the workflow step, on a unit of work that is thrown away, with the selection rules of
/// the published client-manager workflow.
/// </summary>
public sealed class HandoverPreviewHandler(IDbContextFactory<CrmDbContext> dbFactory, WorkflowDefinitionStore definitions, TimeProvider clock)
{
    /// <summary>The shipped workflow whose handover step sets the rules.</summary>
    public const string WorkflowId = "client-manager-assignment";

    /// <summary>The preview, or null when there is no such manager.</summary>
    public async Task<HandoverPreview?> HandleAsync(string managerId, CancellationToken ct = default)
    {
        var (rules, from) = await RulesAsync(ct);
        // Never saved: the changes the handover makes on this context are the preview.
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.ClientManagers.AnyAsync(m => m.Id == managerId, ct)) return null;
        var assigner = await AccountAssigner.CreateAsync(db, clock.GetUtcNow(), ct);
        var result = await assigner.HandOverAsync(managerId, rules, "manager deactivated", ct);
        var byManager = result.HandedOver.GroupBy(c => c.ToManagerName).OrderByDescending(g => g.Count()).Select(g => $"{g.Key} ({g.Count()})");
        var summary = result.HandedOver.Count + result.Unassigned.Count == 0
            ? $"{result.Leaving.Name} has no accounts to hand over."
            : $"{result.HandedOver.Count} of {result.HandedOver.Count + result.Unassigned.Count} account(s) would go to {(result.HandedOver.Count == 0 ? "nobody" : string.Join(", ", byManager))}"
              + (result.Unassigned.Count > 0 ? $"; {result.Unassigned.Count} would wait for an admin." : ".");
        return new HandoverPreview(result.Leaving.Id, result.Leaving.Name, result.Leaving.IsActive, rules.Describe(), from,
            result.HandedOver, result.Unassigned, result.BackupRolesEnded, result.OpenLeadIds.Count, summary);
    }

    private async Task<(AssignmentRules Rules, string From)> RulesAsync(CancellationToken ct)
    {
        try
        {
            var flow = await definitions.GetCompiledAsync(WorkflowId, ct: ct);
            var node = flow.Nodes.FirstOrDefault(n => n.Activity is AssignClientManagerActivity
                && n.Inputs.TryGetValue("mode", out var mode) && mode.IsLiteral && mode.Literal?.GetValueKind() == JsonValueKind.String
                && mode.Literal.GetValue<string>() == "handover");
            if (node is not null)
                return (AssignClientManagerActivity.LiteralRules(node), $"{WorkflowId} v{flow.Definition.Version}, step '{node.Id}'");
        }
        catch (DefinitionNotFoundException)
        {
            // Not published (yet): the defaults are what an unconfigured step would use.
        }
        return (AssignmentRules.Default, "defaults (no published client-manager workflow with a handover step)");
    }
}
