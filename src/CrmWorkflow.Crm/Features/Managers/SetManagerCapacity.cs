using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>
/// New capacities (null keeps the current one). <paramref name="IsActive"/> only says whether the
/// manager takes new work; a manager who leaves is deactivated with a handover instead.
/// </summary>
public sealed record SetManagerCapacity(string ManagerId, int? LeadCapacity, int? KeyAccountCapacity, bool? IsActive = null)
{
    /// <summary>Problems by JSON path.</summary>
    public IReadOnlyList<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (LeadCapacity is < 0 or > 10_000) problems.Add(new("$.leadCapacity", "Lead capacity is 0 to 10,000."));
        if (KeyAccountCapacity is < 0 or > 10_000) problems.Add(new("$.keyAccountCapacity", "Key-account capacity is 0 to 10,000."));
        return problems;
    }
}

/// <summary>The capacities after the change.</summary>
public sealed record ManagerCapacity(string Id, int LeadCapacity, int KeyAccountCapacity, bool IsActive, int OpenLeads);

/// <summary>Runs <see cref="SetManagerCapacity"/> (admins).</summary>
public sealed class SetManagerCapacityHandler(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<ManagerResult<ManagerCapacity>> HandleAsync(SetManagerCapacity command, CancellationToken ct = default)
    {
        if (command.Validate() is { Count: > 0 } problems) return ManagerResult<ManagerCapacity>.Invalid(problems);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var manager = await db.ClientManagers.FirstOrDefaultAsync(m => m.Id == command.ManagerId, ct);
        if (manager is null) return ManagerResult<ManagerCapacity>.NotFound(command.ManagerId);
        manager.LeadCapacity = command.LeadCapacity ?? manager.LeadCapacity;
        manager.KeyAccountCapacity = command.KeyAccountCapacity ?? manager.KeyAccountCapacity;
        manager.IsActive = command.IsActive ?? manager.IsActive;
        await db.SaveChangesAsync(ct);
        return ManagerResult<ManagerCapacity>.Ok(new(manager.Id, manager.LeadCapacity, manager.KeyAccountCapacity, manager.IsActive, manager.OpenLeads));
    }
}
