using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Engine.Persistence;

// Task lists are shaped for the WorkflowTasks indexes (Assignee, Status), (Role, Status) and
// (Queue, Status): each view is a seek on one of them, the "everything I may see" list is their
// UNION ALL (an OR across columns would scan the table), and filters go into every branch.
public sealed partial class WorkflowQueries
{
    /// <summary>Counting stops here; the list then says "10,000+" (a full COUNT over a million rows costs more than the page).</summary>
    public const int CountCap = 10_000;

    /// <summary>A page of the tasks of a view, filtered and sorted in the database.</summary>
    public async Task<Page<HumanTaskRecord>> ListTasksAsync(TaskViewer viewer, TaskView view, TaskFilter filter, TaskSort sort,
        int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var tasks = db.Set<HumanTaskRecord>().AsNoTracking();
        if (view == TaskView.All && !viewer.SeesAll) view = TaskView.Visible;
        else if (view == TaskView.Visible && viewer.SeesAll) view = TaskView.All;
        var query = view switch
        {
            TaskView.Mine => Filter(Mine(tasks, viewer, filter.Status), filter),
            TaskView.Queues => Filter(Queues(tasks, viewer, filter.Status), filter),
            TaskView.Team => Filter(Team(tasks, viewer, filter.Status), filter),
            TaskView.All => Filter(filter.Status is { } s ? tasks.Where(t => t.Status == s) : tasks, filter),
            _ => Filter(Mine(tasks, viewer, filter.Status), filter)
                .Concat(Filter(Queues(tasks, viewer, filter.Status), filter))
                .Concat(Filter(Team(tasks, viewer, filter.Status), filter)),
        };
        var counted = await query.Take(CountCap + 1).CountAsync(ct);
        var skip = (page - 1) * pageSize;
        var items = sort == TaskSort.Due
            ? await DueOrderedPageAsync(query, skip, pageSize, ct)
            : await Sort(query, sort).Skip(skip).Take(pageSize).ToListAsync(ct);
        return new Page<HumanTaskRecord>(items, Math.Min(counted, CountCap), page, pageSize) { TotalIsLowerBound = counted > CountCap };
    }

    /// <summary>One task, if the viewer may see it (others are treated as not found).</summary>
    public async Task<HumanTaskRecord?> GetTaskAsync(string id, TaskViewer viewer, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var task = await db.Set<HumanTaskRecord>().AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct);
        return task is not null && viewer.MaySee(task) ? task : null;
    }

    private static IQueryable<HumanTaskRecord> Mine(IQueryable<HumanTaskRecord> tasks, TaskViewer viewer, HumanTaskStatus? status)
    {
        var names = viewer.OwnNames;
        var mine = tasks.Where(t => t.Assignee != null && names.Contains(t.Assignee));
        return status is { } s ? mine.Where(t => t.Status == s) : mine;
    }

    private static IQueryable<HumanTaskRecord> Team(IQueryable<HumanTaskRecord> tasks, TaskViewer viewer, HumanTaskStatus? status)
    {
        var own = viewer.OwnNames;
        var names = viewer.TeamNames.Where(n => !own.Contains(n)).ToList();
        var team = tasks.Where(t => t.Assignee != null && names.Contains(t.Assignee));
        return status is { } s ? team.Where(t => t.Status == s) : team;
    }

    private static IQueryable<HumanTaskRecord> Queues(IQueryable<HumanTaskRecord> tasks, TaskViewer viewer, HumanTaskStatus? status)
    {
        var roles = viewer.Roles.ToList();
        var queues = viewer.Queues.ToList();
        // Status inside each branch, so each is one seek on its (column, Status) index.
        return status is { } s
            ? tasks.Where(t => t.Assignee == null && ((t.Role != null && roles.Contains(t.Role) && t.Status == s)
                                                     || (t.Queue != null && queues.Contains(t.Queue) && t.Status == s)))
            : tasks.Where(t => t.Assignee == null && ((t.Role != null && roles.Contains(t.Role)) || (t.Queue != null && queues.Contains(t.Queue))));
    }

    private static IQueryable<HumanTaskRecord> Filter(IQueryable<HumanTaskRecord> query, TaskFilter filter)
    {
        if (filter.DueBefore is { } before) query = query.Where(t => t.DueAt != null && t.DueAt < before);
        if (filter.DueFrom is { } from) query = query.Where(t => t.DueAt != null && t.DueAt >= from);
        if (filter.Priority is { Length: > 0 } priority) query = query.Where(t => t.Priority == priority);
        if (filter.DefinitionId is { Length: > 0 } definition) query = query.Where(t => t.DefinitionId == definition);
        if (filter.Text?.Trim() is { Length: > 0 } text)
        {
            var pattern = "%" + text.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(t => EF.Functions.Like(t.Title, pattern, "\\"));
        }
        return query;
    }

    // "Soonest due first, no due date last" read as two halves: ordering on (DueAt IS NULL)
    // cannot walk the (Status, DueAt) index, so one query sorted every matching row (0.1-0.3 s
    // at a million tasks); the dated half walks the index and the undated half is rarely reached.
    private static async Task<List<HumanTaskRecord>> DueOrderedPageAsync(IQueryable<HumanTaskRecord> query, int skip, int take, CancellationToken ct)
    {
        var dated = query.Where(t => t.DueAt != null);
        var items = await dated.OrderBy(t => t.DueAt).ThenBy(t => t.Id).Skip(skip).Take(take).ToListAsync(ct);
        if (items.Count == take) return items;
        var datedCount = items.Count > 0 ? skip + items.Count : await dated.CountAsync(ct);
        items.AddRange(await query.Where(t => t.DueAt == null).OrderBy(t => t.Id)
            .Skip(Math.Max(0, skip - datedCount)).Take(take - items.Count).ToListAsync(ct));
        return items;
    }

    private static IQueryable<HumanTaskRecord> Sort(IQueryable<HumanTaskRecord> query, TaskSort sort) => sort switch
    {
        TaskSort.Priority => query
            .OrderBy(t => t.Priority == "urgent" ? 0 : t.Priority == "high" ? 1 : t.Priority == "normal" ? 2 : 3)
            .ThenBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.Id),
        // Task ids are version-7 GUIDs (creation time first), so newest first walks the primary key.
        TaskSort.Created => query.OrderByDescending(t => t.Id),
        _ => query.OrderBy(t => t.DueAt == null).ThenBy(t => t.DueAt).ThenBy(t => t.Id),
    };
}
