using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>A page of results with the total count.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize);

/// <summary>Filters for listing instances.</summary>
public sealed record InstanceFilter(string? DefinitionId = null, WorkflowStatus? Status = null, string? CorrelationId = null);

/// <summary>Who is asking for tasks: a user, the roles they hold and the queues they work.</summary>
public sealed record TaskViewer(string UserId, IReadOnlyCollection<string> UserNames, IReadOnlyCollection<string> Roles,
    IReadOnlyCollection<string> Queues, bool SeesAll = false);

/// <summary>Filters for listing tasks.</summary>
public sealed record TaskFilter(HumanTaskStatus? Status = HumanTaskStatus.Open, DateTimeOffset? DueBefore = null);

/// <summary>Read side of the engine tables, for the API and UI.</summary>
public sealed class WorkflowQueries(IWorkflowDbContextFactory dbFactory)
{
    /// <summary>Instances, newest first.</summary>
    public async Task<Page<WorkflowInstanceRecord>> ListInstancesAsync(InstanceFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var query = db.Set<WorkflowInstanceRecord>().AsNoTracking();
        if (filter.DefinitionId is { } d) query = query.Where(i => i.DefinitionId == d);
        if (filter.Status is { } s) query = query.Where(i => i.Status == s);
        if (filter.CorrelationId is { } c) query = query.Where(i => i.CorrelationId == c);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(i => i.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page<WorkflowInstanceRecord>(items, total, page, pageSize);
    }

    /// <summary>
    /// Instances still at work (running or waiting) per definition and version; one definition's
    /// when <paramref name="definitionId"/> is given. Ended and faulted ones are not counted.
    /// </summary>
    public async Task<IReadOnlyDictionary<(string DefinitionId, int Version), int>> CountActiveAsync(string? definitionId = null, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var query = db.Set<WorkflowInstanceRecord>().AsNoTracking().Where(i => i.Status == WorkflowStatus.Running || i.Status == WorkflowStatus.Suspended);
        if (definitionId is not null) query = query.Where(i => i.DefinitionId == definitionId);
        var rows = await query.GroupBy(i => new { i.DefinitionId, i.Version }).Select(g => new { g.Key.DefinitionId, g.Key.Version, Count = g.Count() })
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.DefinitionId, r.Version), r => r.Count);
    }

    /// <summary>One instance row, or null.</summary>
    public async Task<WorkflowInstanceRecord?> GetInstanceAsync(string id, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        return await db.Set<WorkflowInstanceRecord>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
    }

    /// <summary>An instance's journal in order.</summary>
    public async Task<IReadOnlyList<JournalRecord>> JournalAsync(string instanceId, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        return await db.Set<JournalRecord>().AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).ToListAsync(ct);
    }

    /// <summary>An instance's incidents, newest first.</summary>
    public async Task<IReadOnlyList<IncidentRecord>> IncidentsAsync(string instanceId, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var rows = await db.Set<IncidentRecord>().AsNoTracking().Where(i => i.InstanceId == instanceId).ToListAsync(ct);
        return rows.OrderByDescending(i => i.At).ToList();
    }

    /// <summary>Tasks the viewer may see, most urgent first (due soonest, then oldest).</summary>
    public async Task<Page<HumanTaskRecord>> ListTasksAsync(TaskViewer viewer, TaskFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var query = Visible(db.Set<HumanTaskRecord>().AsNoTracking(), viewer);
        if (filter.Status is { } s) query = query.Where(t => t.Status == s);
        if (filter.DueBefore is { } due) query = query.Where(t => t.DueAt != null && t.DueAt < due);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page<HumanTaskRecord>(items, total, page, pageSize);
    }

    /// <summary>One task, if the viewer may see it (others are treated as not found).</summary>
    public async Task<HumanTaskRecord?> GetTaskAsync(string id, TaskViewer viewer, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        return await Visible(db.Set<HumanTaskRecord>().AsNoTracking(), viewer).FirstOrDefaultAsync(t => t.Id == id, ct);
    }

    /// <summary>Takes an unassigned task (or one already assigned to the viewer). False when someone else has it.</summary>
    public async Task<bool> ClaimTaskAsync(string id, TaskViewer viewer, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var rows = await Visible(db.Set<HumanTaskRecord>(), viewer)
            .Where(t => t.Id == id && t.Status == HumanTaskStatus.Open && (t.Assignee == null || t.Assignee == viewer.UserId))
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Assignee, viewer.UserId), ct);
        return rows == 1;
    }

    /// <summary>Hands an open task to another user. False when the task is not open.</summary>
    public async Task<bool> DelegateTaskAsync(string id, TaskViewer viewer, string toUserId, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var rows = await Visible(db.Set<HumanTaskRecord>(), viewer)
            .Where(t => t.Id == id && t.Status == HumanTaskStatus.Open)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.Assignee, toUserId), ct);
        return rows == 1;
    }

    // An assigned task is visible to its assignee only; an unassigned one to the holders of its
    // role and the workers of its queue, who may claim it. Admins see all.
    private static IQueryable<HumanTaskRecord> Visible(IQueryable<HumanTaskRecord> tasks, TaskViewer viewer)
    {
        if (viewer.SeesAll) return tasks;
        var ids = viewer.UserNames.Append(viewer.UserId).ToList();
        var roles = viewer.Roles.ToList();
        var queues = viewer.Queues.ToList();
        return tasks.Where(t => t.Assignee != null
            ? ids.Contains(t.Assignee)
            : (t.Role != null && roles.Contains(t.Role)) || (t.Queue != null && queues.Contains(t.Queue)));
    }
}
