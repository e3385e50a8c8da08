using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Tasks;

/// <summary>Someone a task can be handed to: an active client manager with a sign-in.</summary>
public sealed record DelegateTarget(string Assignee, string Name, string? Email);

/// <summary>
/// Hands my task (or, for a supervisor, a team member's) to another client manager. Only to
/// someone who will see it: a client-manager sign-in, whose manager record (if any) is active.
/// </summary>
public sealed class DelegateTaskHandler(WorkflowQueries queries, WorkflowRuntime runtime, IDbContextFactory<CrmDbContext> dbFactory)
{
    /// <summary>Active client managers with a sign-in, by name: the inbox's picker.</summary>
    public async Task<IReadOnlyList<DelegateTarget>> TargetsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var roleId = await db.Roles.Where(r => r.Name == Roles.ClientManager).Select(r => r.Id).FirstOrDefaultAsync(ct);
        return await (from m in db.ClientManagers
                      join u in db.Users on m.Id equals u.ClientManagerId
                      where m.IsActive && db.UserRoles.Any(r => r.UserId == u.Id && r.RoleId == roleId)
                      orderby m.Name
                      select new DelegateTarget(m.Id, m.Name, u.Email)).Distinct().ToListAsync(ct);
    }

    /// <param name="to">Client-manager id, email or user id.</param>
    public async Task<AssignTaskResult> HandleAsync(string taskId, TaskViewer viewer, string? to, CancellationToken ct = default)
    {
        if (string.IsNullOrWhiteSpace(to)) return Invalid("Say who gets the task (client-manager id, email or user id).");
        var task = await queries.GetTaskAsync(taskId, viewer, ct);
        if (task is null) return AssignTaskResult.NotFound(taskId);
        if (task.Status != Engine.Persistence.Entities.HumanTaskStatus.Open)
            return new(AssignTaskStatus.Conflict, Message: $"The task is {task.Status.ToString().ToLowerInvariant()}.");
        if (!viewer.MayDelegate(task))
            return new(AssignTaskStatus.Conflict, Message: "Claim the task before handing it on.");
        var (assignee, problem) = await ResolveAsync(to.Trim(), ct);
        if (assignee is null) return Invalid(problem!);
        if (assignee == task.Assignee) return Invalid($"{to} holds the task already.");
        return await ClaimTaskHandler.AssignAsync(runtime, task, assignee, "task.delegated", ct);
    }

    private static AssignTaskResult Invalid(string message) => new(AssignTaskStatus.Rejected, Path: "$.to", Message: message);

    // Tasks are assigned by client-manager id where there is one (as workflows assign), else by user id.
    private async Task<(string? Assignee, string? Problem)> ResolveAsync(string to, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var normalized = to.ToUpperInvariant();
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == to || u.NormalizedEmail == normalized || u.ClientManagerId == to, ct);
        if (user is null) return (null, $"No user or client manager '{to}' with a sign-in.");
        var roleId = await db.Roles.Where(r => r.Name == Roles.ClientManager).Select(r => r.Id).FirstOrDefaultAsync(ct);
        if (!await db.UserRoles.AnyAsync(r => r.UserId == user.Id && r.RoleId == roleId, ct))
            return (null, $"{to} is not a client manager, so would not see the task.");
        if (user.ClientManagerId is { } managerId)
        {
            if (await db.ClientManagers.AsNoTracking().AnyAsync(m => m.Id == managerId && !m.IsActive, ct))
                return (null, $"{to} is no longer active.");
            return (managerId, null);
        }
        return (user.Id, null);
    }
}
