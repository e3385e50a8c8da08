using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>Marks a checklist item done, with the evidence that it is (a document, a decision, a link).</summary>
public sealed record CompleteChecklistItem(long ProjectId, int Number, string? Evidence, string? By)
{
    /// <summary>Problems with the body, by JSON path.</summary>
    public List<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(Evidence)) problems.Add(new("$.evidence", "Evidence is required: say what shows the item is done (a document, decision or link)."));
        else if (Evidence.Length > 2000) problems.Add(new("$.evidence", "The evidence is at most 2,000 characters."));
        return problems;
    }
}

/// <summary>The completed item and where the project stands once its workflow has seen the change.</summary>
public sealed record ChecklistItemCompleted(ChecklistItemView Item, ProjectProgress Progress);

/// <summary>Completes the item and raises <c>rollout.changed</c> in the same transaction, so a waiting gate re-checks.</summary>
public sealed class CompleteChecklistItemHandler(IDbContextFactory<CrmDbContext> dbFactory, WorkflowRuntime runtime, TimeProvider clock)
{
    public async Task<RolloutResult<ChecklistItemCompleted>> HandleAsync(CompleteChecklistItem command, CancellationToken ct = default)
    {
        if (command.Validate() is { Count: > 0 } problems) return RolloutResult<ChecklistItemCompleted>.Invalid(problems);
        string eventId;
        ChecklistItemView view;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            if (!await db.RolloutProjects.AnyAsync(p => p.Id == command.ProjectId, ct))
                return RolloutResult<ChecklistItemCompleted>.NotFound($"No rollout project {command.ProjectId}.");
            var item = await db.ChecklistItems.FirstOrDefaultAsync(i => i.ProjectId == command.ProjectId && i.Number == command.Number, ct);
            if (item is null) return RolloutResult<ChecklistItemCompleted>.NotFound($"Project {command.ProjectId} has no checklist item {command.Number}.");
            if (item.Done) return RolloutResult<ChecklistItemCompleted>.Conflict($"Item {item.Number} was completed by {item.DoneBy} at {item.DoneAt:u}.");
            item.Done = true;
            item.DoneAt = clock.GetUtcNow();
            item.DoneBy = command.By is { Length: > 200 } by ? by[..200] : command.By;
            item.Evidence = command.Evidence!.Trim();
            eventId = RolloutChange.Queue(runtime, db, command.ProjectId, "checklist", item.DoneBy, new JsonObject { ["number"] = item.Number });
            await db.SaveChangesAsync(ct);
            view = new ChecklistItemView(item.Number, item.Text, item.Stage, item.Required, item.Owner, item.DueOn, false, true, item.DoneBy,
                item.DoneAt, item.Evidence);
        }
        await runtime.DispatchEventAsync(eventId, ct);
        return RolloutResult<ChecklistItemCompleted>.Ok(new ChecklistItemCompleted(view, await RolloutChange.ProgressAsync(dbFactory, command.ProjectId, ct)));
    }
}
