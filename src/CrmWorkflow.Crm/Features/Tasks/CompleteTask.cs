using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;

namespace CrmWorkflow.Crm.Features.Tasks;

/// <summary>How completing a task went.</summary>
public enum CompleteTaskStatus { Completed, NotFound, NoLongerOpen, Rejected }

/// <summary>The result, with the workflow's new state or what was wrong (and where, as a JSON path).</summary>
public sealed record CompleteTaskResult(CompleteTaskStatus Status, InstanceSnapshot? Snapshot = null, string? Path = null, string? Message = null);

/// <summary>
/// Completes a task someone may see with one of its outcomes and its form data: the API and
/// the inbox page both come here.
/// </summary>
public sealed class CompleteTaskHandler(WorkflowQueries queries, WorkflowRuntime runtime)
{
    public async Task<CompleteTaskResult> HandleAsync(string taskId, TaskViewer viewer, string? outcome, JsonObject? data, string completedBy,
        CancellationToken ct = default)
    {
        var task = await queries.GetTaskAsync(taskId, viewer, ct);
        if (task is null) return new(CompleteTaskStatus.NotFound, Message: $"No task '{taskId}' that you can see.");
        if (task.Status == HumanTaskStatus.Open && !viewer.MayWork(task))
            return new(CompleteTaskStatus.NoLongerOpen, Message: $"The task is held by {task.Assignee}; hand it on instead, or ask them.");
        if (task.Status != HumanTaskStatus.Open)
            return new(CompleteTaskStatus.NoLongerOpen,
                Message: $"The task was {task.Status.ToString().ToLowerInvariant()} already{(task.CompletedBy is null ? "" : $" by {task.CompletedBy}")}.");
        try
        {
            return new(CompleteTaskStatus.Completed, await runtime.CompleteTaskAsync(taskId, outcome, data, completedBy, ct));
        }
        catch (BookmarkNotFoundException)
        {
            return new(CompleteTaskStatus.NoLongerOpen, Message: "The task was completed already.");
        }
        catch (ResumeRejectedException ex)
        {
            return new(CompleteTaskStatus.Rejected, Path: ex.Path, Message: ex.Message);
        }
    }
}
