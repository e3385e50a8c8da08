using System.Globalization;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>A manager leaves: who, why, since when (default now; not in the future) and who records it.</summary>
public sealed record DeactivateManagerCommand(string ManagerId, string? Reason, DateTimeOffset? EffectiveAt, string? By);

/// <summary>One account after the handover: who serves it now (null: nobody yet).</summary>
public sealed record HandedOverAccount(long CustomerId, string CustomerName, string? ManagerId, string? ManagerName);

/// <summary>What deactivating a manager did.</summary>
/// <param name="StillWithManager">Accounts still pointing at the leaving manager (no workflow handled the event, or it failed).</param>
/// <param name="OpenLeads">Open leads still assigned to the manager afterwards (already contacted: no first-contact task to escalate).</param>
/// <param name="TasksEscalated">Their open tasks escalated at once: first-contact tasks reroute their leads to the next eligible manager.</param>
public sealed record DeactivationSummary(string ManagerId, string Name, DateTimeOffset DeactivatedAt, int Accounts,
    IReadOnlyList<HandedOverAccount> HandedOver, IReadOnlyList<HandedOverAccount> WithoutManager, IReadOnlyList<HandedOverAccount> StillWithManager,
    int OpenLeads, IReadOnlyList<string> Instances, string? Note, int TasksEscalated = 0);

/// <summary>How the deactivation ended.</summary>
public enum DeactivationStatus { Done, NotFound, AlreadyInactive, Invalid }

/// <summary>The outcome: a summary, or why not (with the JSON path of a bad field).</summary>
public sealed record DeactivationResult(DeactivationStatus Status, DeactivationSummary? Summary = null, string? Path = null, string? Message = null);

/// <summary>
/// Marks a client manager inactive and raises <c>manager.deactivated</c> in the same
/// transaction, then runs the triggered workflows at once (the client-manager workflow hands
/// every account over), escalates the manager's open tasks in the lead workflows (a lead waiting
/// for first contact is rerouted at once instead of when its four hours run out) and reports
/// where each account went.
/// </summary>
public sealed class DeactivateManagerHandler(IDbContextFactory<CrmDbContext> dbFactory, WorkflowRuntime runtime,
    WorkflowDefinitionStore definitions, TimeProvider clock, ILogger<DeactivateManagerHandler> logger)
{
    /// <summary>The event the workflows react to.</summary>
    public const string EventName = "manager.deactivated";

    /// <summary>The <c>escalationReason</c> their escalated tasks carry (workflows and templates can word by it).</summary>
    public const string EscalationReason = "manager deactivated";

    /// <summary>Deactivates and hands over.</summary>
    public async Task<DeactivationResult> HandleAsync(DeactivateManagerCommand command, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        if (command.Reason is { Length: > 200 }) return Invalid("$.reason", "The reason is at most 200 characters.");
        if (command.EffectiveAt is { } at && at > now.AddMinutes(1))
            return Invalid("$.effectiveAt", "A manager is deactivated when they leave: the date cannot be in the future. Record it on the day.");
        if (command.EffectiveAt is { Year: < 2000 }) return Invalid("$.effectiveAt", "The date is before 2000; check it.");

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var manager = await db.ClientManagers.FirstOrDefaultAsync(m => m.Id == command.ManagerId, ct);
        if (manager is null) return new DeactivationResult(DeactivationStatus.NotFound, Message: $"No client manager '{command.ManagerId}'.");
        if (!manager.IsActive)
            return new DeactivationResult(DeactivationStatus.AlreadyInactive,
                Message: $"{manager.Name} was deactivated already{(manager.DeactivatedAt is { } d ? $" on {d:yyyy-MM-dd}" : "")}; retry the handover workflow instance if it failed.");
        var accounts = await db.Customers.AsNoTracking().Where(c => c.ManagerId == manager.Id).Select(c => c.Id).ToListAsync(ct);
        var effective = (command.EffectiveAt ?? now).ToUniversalTime();
        manager.IsActive = false;
        manager.DeactivatedAt = effective;
        var eventId = runtime.QueueEvent(db, EventName, manager.Id, new JsonObject
        {
            ["managerId"] = manager.Id,
            ["reason"] = string.IsNullOrWhiteSpace(command.Reason) ? null : command.Reason.Trim(),
            ["effectiveAt"] = effective.ToString("O", CultureInfo.InvariantCulture),
            ["deactivatedBy"] = command.By,
        });
        await db.SaveChangesAsync(ct);

        IReadOnlyList<string> instances = [];
        string? note = null;
        var escalated = 0;
        try
        {
            instances = (await runtime.DispatchEventAsync(eventId, ct)).StartedInstances;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The manager is inactive and the event is stored: the background worker hands over later.
            logger.LogError(ex, "Handing over the accounts of {Manager} failed; the worker will retry", manager.Id);
            note = "The manager is deactivated; the handover did not finish now and the background worker will retry it.";
        }
        try
        {
            // The lead workflows only: their overdue first contact reroutes the lead. Elsewhere
            // 'overdue' means other things (a complaint waiting on the customer closes).
            var leadWorkflows = (await definitions.TriggersForAsync(Leads.CreateLeadHandler.CreatedEvent, ct)).Select(t => t.DefinitionId).ToList();
            escalated = (await runtime.EscalateTasksNowAsync(manager.Id, leadWorkflows, EscalationReason, ct)).Count;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Escalating the open tasks of {Manager} failed; they escalate at their own time", manager.Id);
            note = (note is null ? "" : note + " ") + "Their open tasks could not be escalated now; they escalate at their own time.";
        }
        var summary = await SummariseAsync(manager.Id, manager.Name, effective, accounts, instances, note, ct);
        return new DeactivationResult(DeactivationStatus.Done, summary with { TasksEscalated = escalated });
    }

    private async Task<DeactivationSummary> SummariseAsync(string managerId, string name, DateTimeOffset at, List<long> accounts,
        IReadOnlyList<string> instances, string? note, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var rows = await db.Customers.AsNoTracking().Where(c => accounts.Contains(c.Id)).OrderBy(c => c.Id)
            .Select(c => new { c.Id, c.Name, c.ManagerId }).ToListAsync(ct);
        var managerIds = rows.Select(r => r.ManagerId).OfType<string>().Distinct().ToList();
        var names = await db.ClientManagers.AsNoTracking().Where(m => managerIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, m => m.Name, ct);
        var all = rows.Select(r => new HandedOverAccount(r.Id, r.Name, r.ManagerId, r.ManagerId is null ? null : names.GetValueOrDefault(r.ManagerId))).ToList();
        var still = all.Where(a => a.ManagerId == managerId).ToList();
        var leads = await db.Leads.AsNoTracking().CountAsync(l => l.AssignedManagerId == managerId
            && (l.Status == Domain.LeadStatus.New || l.Status == Domain.LeadStatus.Assigned || l.Status == Domain.LeadStatus.Contacted || l.Status == Domain.LeadStatus.Qualified), ct);
        if (note is null && still.Count > 0)
            note = instances.Count == 0
                ? $"No published workflow handles {EventName}; {still.Count} account(s) are still with {name}."
                : $"{still.Count} account(s) are still with {name}; see the workflow instance for why.";
        return new DeactivationSummary(managerId, name, at, accounts.Count, all.Where(a => a.ManagerId is not null && a.ManagerId != managerId).ToList(),
            all.Where(a => a.ManagerId is null).ToList(), still, leads, instances, note);
    }

    private static DeactivationResult Invalid(string path, string message) => new(DeactivationStatus.Invalid, Path: path, Message: message);
}
