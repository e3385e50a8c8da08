using CrmWorkflow.Engine.Persistence.Entities;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Who is asking for tasks: a user, the names tasks may be assigned to them by (user id, email,
/// client-manager id), their roles and queues, and, for a supervisor, the names of the people
/// they supervise.
/// </summary>
public sealed record TaskViewer(string UserId, IReadOnlyCollection<string> UserNames, IReadOnlyCollection<string> Roles,
    IReadOnlyCollection<string> Queues, bool SeesAll = false, IReadOnlyCollection<string>? Team = null)
{
    /// <summary>The name a task the viewer takes is assigned to (their client-manager id, like workflows assign); the user id when null.</summary>
    public string? AssignAs { get; init; }

    /// <summary>What a claimed task's assignee becomes.</summary>
    public string AssigneeName => AssignAs ?? UserId;

    /// <summary>The names the viewer's team members' tasks are assigned to (empty unless they supervise someone).</summary>
    public IReadOnlyCollection<string> TeamNames => Team ?? [];

    /// <summary>Every name a task assigned to the viewer may carry.</summary>
    public IReadOnlyList<string> OwnNames => UserNames.Append(UserId).Where(n => n.Length > 0).Distinct().ToList();

    /// <summary>The task is assigned to the viewer.</summary>
    public bool Holds(HumanTaskRecord task) => task.Assignee is { } a && OwnNames.Contains(a);

    /// <summary>The task is unassigned in one of the viewer's roles or queues: they may claim it.</summary>
    public bool MayClaim(HumanTaskRecord task) =>
        task.Assignee is null && ((task.Role is { } r && Roles.Contains(r)) || (task.Queue is { } q && Queues.Contains(q)));

    /// <summary>The task is assigned to someone the viewer supervises.</summary>
    public bool Supervises(HumanTaskRecord task) => task.Assignee is { } a && TeamNames.Contains(a) && !Holds(task);

    /// <summary>May open the task: theirs, claimable, their team's, or anything for admins.</summary>
    public bool MaySee(HumanTaskRecord task) => SeesAll || Holds(task) || MayClaim(task) || Supervises(task);

    /// <summary>May complete the task: their own or a claimable one (a supervisor hands a team task on instead).</summary>
    public bool MayWork(HumanTaskRecord task) => SeesAll || Holds(task) || MayClaim(task);

    /// <summary>May hand the task to someone else: their own, their team's, or anything for admins.</summary>
    public bool MayDelegate(HumanTaskRecord task) => SeesAll || Holds(task) || Supervises(task);
}

/// <summary>Which tasks a list shows.</summary>
public enum TaskView
{
    /// <summary>Everything the viewer may see (the API's default).</summary>
    Visible,
    /// <summary>Assigned to me.</summary>
    Mine,
    /// <summary>Unassigned in my roles and queues (to claim).</summary>
    Queues,
    /// <summary>Assigned to the managers I supervise.</summary>
    Team,
    /// <summary>Every task (admins; others get <see cref="Visible"/>).</summary>
    All,
}

/// <summary>Order of a task list.</summary>
public enum TaskSort
{
    /// <summary>Due soonest first, tasks without a due time last.</summary>
    Due,
    /// <summary>Urgent, high, normal, low; then due.</summary>
    Priority,
    /// <summary>Newest first.</summary>
    Created,
}

/// <summary>Due windows the inbox filters by.</summary>
public enum TaskDue { Any, Overdue, Today, ThisWeek }

/// <summary>Filters for listing tasks.</summary>
public sealed record TaskFilter(HumanTaskStatus? Status = HumanTaskStatus.Open, DateTimeOffset? DueBefore = null)
{
    /// <summary>Only tasks due at or after this time.</summary>
    public DateTimeOffset? DueFrom { get; init; }

    /// <summary>low, normal, high or urgent.</summary>
    public string? Priority { get; init; }

    /// <summary>Text the title contains (case-insensitive for ASCII).</summary>
    public string? Text { get; init; }

    /// <summary>The workflow definition the task belongs to.</summary>
    public string? DefinitionId { get; init; }

    /// <summary>
    /// Narrows to a due window: overdue (due before now), today (from now to the end of the day)
    /// or this week (from now to the end of Sunday), days counted in <paramref name="zone"/>.
    /// </summary>
    public TaskFilter WithDue(TaskDue due, DateTimeOffset now, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(now, zone);
        DateTimeOffset EndOfDays(int days)
        {
            var end = local.Date.AddDays(days);
            return new DateTimeOffset(end, zone.GetUtcOffset(end)).ToUniversalTime();
        }
        return due switch
        {
            TaskDue.Overdue => this with { DueBefore = now, DueFrom = null },
            TaskDue.Today => this with { DueFrom = now, DueBefore = EndOfDays(1) },
            // Days to the end of Sunday: Monday 7, ..., Sunday 1.
            TaskDue.ThisWeek => this with { DueFrom = now, DueBefore = EndOfDays(7 - ((int)local.DayOfWeek + 6) % 7) },
            _ => this,
        };
    }

    /// <summary>The priorities, most pressing first.</summary>
    public static readonly string[] Priorities = ["urgent", "high", "normal", "low"];
}
