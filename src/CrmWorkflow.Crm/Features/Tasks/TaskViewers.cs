using System.Security.Claims;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Tasks;

/// <summary>
/// What a signed-in user may see of tasks: the names tasks are assigned to them by, roles,
/// queues and, for a supervisor, their team's names. The API and the inbox page both build
/// the viewer here.
/// </summary>
public sealed class TaskViewers(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<TaskViewer> ForAsync(ClaimsPrincipal user, CancellationToken ct = default)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        var roles = user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var account = id.Length == 0 ? null : await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == id, ct);
        var names = new[] { user.Identity?.Name, user.FindFirstValue(ClaimTypes.Email), account?.Email, account?.ClientManagerId }
            .OfType<string>().Distinct().ToList();
        var team = account?.ClientManagerId is { } managerId ? await TeamNamesAsync(db, managerId, ct) : [];
        return new TaskViewer(id, names, roles, account?.QueueList ?? [], SeesAll: roles.Contains(Roles.Admin), Team: team)
        {
            AssignAs = account?.ClientManagerId,
        };
    }

    /// <summary>
    /// The people tasks are held by, by the name each task names them with (client-manager id,
    /// email or sign-in id): the manager's name, else the sign-in's display name. Names not found are left out.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> DisplayNamesAsync(IEnumerable<string?> assignees, CancellationToken ct = default)
    {
        var keys = assignees.OfType<string>().Distinct().ToList();
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (keys.Count == 0) return names;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        foreach (var m in await db.ClientManagers.AsNoTracking()
                     .Where(m => keys.Contains(m.Id) || (m.Email != null && keys.Contains(m.Email)) || (m.UserId != null && keys.Contains(m.UserId)))
                     .Select(m => new { m.Id, m.Email, m.UserId, m.Name }).ToListAsync(ct))
            foreach (var key in new[] { m.Id, m.Email, m.UserId }.OfType<string>()) names.TryAdd(key, m.Name);
        var rest = keys.Where(k => !names.ContainsKey(k)).ToList();
        if (rest.Count > 0)
            foreach (var u in await db.Users.AsNoTracking().Where(u => rest.Contains(u.Id) || (u.Email != null && rest.Contains(u.Email)))
                         .Select(u => new { u.Id, u.Email, u.DisplayName }).ToListAsync(ct))
                foreach (var key in new[] { u.Id, u.Email }.OfType<string>()) names.TryAdd(key, string.IsNullOrWhiteSpace(u.DisplayName) ? u.Email ?? key : u.DisplayName);
        return names;
    }

    // Every name a team member's task may be assigned by: manager id, email, sign-in id and email.
    private static async Task<List<string>> TeamNamesAsync(CrmDbContext db, string supervisorId, CancellationToken ct)
    {
        var team = await db.ClientManagers.AsNoTracking().Where(m => m.SupervisorId == supervisorId && m.Id != supervisorId)
            .Select(m => new { m.Id, m.Email, m.UserId }).ToListAsync(ct);
        if (team.Count == 0) return [];
        var ids = team.Select(m => m.Id).ToList();
        var users = await db.Users.AsNoTracking().Where(u => u.ClientManagerId != null && ids.Contains(u.ClientManagerId))
            .Select(u => new { u.Id, u.Email }).ToListAsync(ct);
        return team.SelectMany(m => new[] { m.Id, m.Email, m.UserId })
            .Concat(users.SelectMany(u => new[] { u.Id, u.Email }))
            .OfType<string>().Distinct().ToList();
    }
}
