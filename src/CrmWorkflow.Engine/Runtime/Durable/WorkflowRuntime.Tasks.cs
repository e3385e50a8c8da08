using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CrmWorkflow.Engine.Runtime.Durable;

/// <summary>The task was not open or no longer held by whom the caller saw (someone claimed or moved it first).</summary>
public sealed class TaskAssignmentConflictException(string message) : Exception(message);

// Claiming and delegating are steps of the task's instance: the move and a journal line that
// says who holds the task now commit together, and the instance revision orders them against
// completion, escalation and each other.
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Hands an open task to <paramref name="assignee"/> if it is still held by
    /// <paramref name="expectedAssignee"/> (null: unassigned), and journals it as
    /// <paramref name="action"/> (e.g. <c>task.claimed</c>, <c>task.delegated</c>) with the new
    /// holder as its port. Throws <see cref="TaskAssignmentConflictException"/> when the task
    /// changed in between, and <see cref="BookmarkNotFoundException"/> when there is no such task.
    /// </summary>
    public Task<InstanceSnapshot> AssignTaskAsync(string taskId, string? expectedAssignee, string assignee, string action,
        CancellationToken ct = default) =>
        WithRetriesAsync(async (db, _) =>
        {
            var tasks = db.Set<HumanTaskRecord>();
            var instanceId = await tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => t.InstanceId).FirstOrDefaultAsync(ct)
                             ?? throw new BookmarkNotFoundException("(unknown)", taskId);
            // The instance first, then the task: a move committed in between either shows in the
            // task read or fails this step's revision check, never slips past both.
            var (record, state, _) = await LoadAsync(db, instanceId, ct);
            var task = await tasks.FirstAsync(t => t.Id == taskId, ct);
            if (task.Status != HumanTaskStatus.Open)
                throw new TaskAssignmentConflictException($"The task is {task.Status.ToString().ToLowerInvariant()}.");
            if (task.Assignee != expectedAssignee)
                throw new TaskAssignmentConflictException(task.Assignee is null ? "The task was put back in its queue." : $"The task is held by {task.Assignee} now.");
            task.Assignee = assignee;
            var now = _clock.GetUtcNow();
            state.UpdatedAt = now;
            var effects = new ExecutionEffects();
            effects.Journal.Add(new JournalEntry(++state.JournalSequence, task.ActivityId, action, now, now, assignee, null));
            return (record, state, effects, state.Bookmarks.Select(b => b.Id).ToHashSet());
        }, ct);

    /// <summary>
    /// Escalates now, as if their escalation time had come, the open tasks held by
    /// <paramref name="assignee"/> in instances of <paramref name="definitionIds"/> that escalate
    /// at all (e.g. a client manager who left: the lead workflows' first-contact tasks go the
    /// 'overdue' way, which reroutes the lead). Only the workflows named: elsewhere 'overdue' may
    /// mean something else (a complaint waiting on the customer closes). The task activity gets
    /// <paramref name="reason"/> as its <c>escalationReason</c> output. Returns the tasks
    /// escalated; one that failed is logged and left to its own escalation time.
    /// </summary>
    public async Task<IReadOnlyList<string>> EscalateTasksNowAsync(string assignee, IReadOnlyCollection<string> definitionIds, string reason,
        CancellationToken ct = default)
    {
        if (definitionIds.Count == 0) return [];
        List<string> timers;
        await using (var db = _dbFactory.CreateDbContext())
        {
            var open = db.Set<HumanTaskRecord>().Where(t => t.Assignee == assignee && t.Status == HumanTaskStatus.Open && t.EscalateAt != null
                && definitionIds.Contains(t.DefinitionId));
            timers = await db.Set<BookmarkRecord>().AsNoTracking()
                .Where(b => b.Kind == BookmarkKind.Timer && open.Any(t => t.InstanceId == b.InstanceId && t.ActivityId == b.ActivityId))
                .OrderBy(b => b.DueAt).Select(b => b.Id).ToListAsync(ct);
        }
        var escalated = new List<string>();
        foreach (var id in timers)
        {
            try
            {
                await ResumeAsync(id, new JsonObject { ["firedAt"] = _clock.GetUtcNow(), ["reason"] = reason }, ct);
                escalated.Add(id);
            }
            catch (BookmarkNotFoundException)
            {
                // Completed or escalated by someone else in the meantime.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Task timer {BookmarkId} of {Assignee} could not be escalated now; it escalates at its own time.", id, assignee);
            }
        }
        return escalated;
    }
}
