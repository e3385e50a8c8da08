using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;

namespace CrmWorkflow.Crm.Features.Tasks;

/// <summary>How moving a task (claim or delegate) went.</summary>
public enum AssignTaskStatus { Assigned, NotFound, Conflict, Rejected }

/// <summary>The result: the new holder, or what was wrong (and where, as a JSON path, when the request was).</summary>
public sealed record AssignTaskResult(AssignTaskStatus Status, string? Assignee = null, string? Path = null, string? Message = null)
{
    public static AssignTaskResult NotFound(string id) => new(AssignTaskStatus.NotFound, Message: $"No task '{id}' that you can see.");
}

/// <summary>Takes an unassigned task from one of my roles or queues; the instance journal records who holds it.</summary>
public sealed class ClaimTaskHandler(WorkflowQueries queries, WorkflowRuntime runtime)
{
    public async Task<AssignTaskResult> HandleAsync(string taskId, TaskViewer viewer, CancellationToken ct = default)
    {
        var task = await queries.GetTaskAsync(taskId, viewer, ct);
        if (task is null) return AssignTaskResult.NotFound(taskId);
        if (task.Status != HumanTaskStatus.Open)
            return new(AssignTaskStatus.Conflict, Message: $"The task is {task.Status.ToString().ToLowerInvariant()}.");
        if (viewer.Holds(task)) return new(AssignTaskStatus.Assigned, task.Assignee);
        if (task.Assignee is not null)
            return new(AssignTaskStatus.Conflict, Message: $"The task is held by {task.Assignee}; only they or their supervisor can hand it on.");
        return await AssignAsync(runtime, task, viewer.AssigneeName, "task.claimed", ct);
    }

    internal static async Task<AssignTaskResult> AssignAsync(WorkflowRuntime runtime, HumanTaskRecord task, string to, string action, CancellationToken ct)
    {
        try
        {
            await runtime.AssignTaskAsync(task.Id, task.Assignee, to, action, ct);
            return new(AssignTaskStatus.Assigned, to);
        }
        catch (TaskAssignmentConflictException ex)
        {
            return new(AssignTaskStatus.Conflict, Message: ex.Message);
        }
        catch (BookmarkNotFoundException)
        {
            return new(AssignTaskStatus.Conflict, Message: "The task is no longer open.");
        }
        catch (Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
        {
            return new(AssignTaskStatus.Conflict, Message: "The task changed while you were moving it; reload and try again.");
        }
    }
}
