using System.Globalization;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>Where a project stands after a change was handled: its stage, gates passed, and the current gate.</summary>
public sealed record ProjectProgress(RolloutStatus Status, int CurrentPhase, int CurrentStage, int GatesPassed, GateDecision CurrentGate,
    string? CurrentGateNote);

/// <summary>Tells the rollout workflow that a project changed, so a waiting gate checks again.</summary>
public static class RolloutChange
{
    /// <summary>Queues <c>rollout.changed</c> in the caller's unit of work; returns the event id to dispatch after saving.</summary>
    public static string Queue(WorkflowRuntime runtime, CrmDbContext db, long projectId, string change, string? by, JsonObject? details = null)
    {
        var payload = details ?? [];
        payload["projectId"] = projectId;
        payload["change"] = change;
        payload["by"] = by;
        return runtime.QueueEvent(db, RolloutMethodology.ChangedEvent, projectId.ToString(CultureInfo.InvariantCulture), payload);
    }

    /// <summary>The project's progress as stored now (after the workflow handled the change).</summary>
    public static async Task<ProjectProgress> ProgressAsync(IDbContextFactory<CrmDbContext> dbFactory, long projectId, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.RolloutProjects.AsNoTracking().FirstAsync(x => x.Id == projectId, ct);
        var gates = await db.Gates.AsNoTracking().Where(g => g.ProjectId == projectId).ToListAsync(ct);
        var current = gates.FirstOrDefault(g => g.Stage == p.CurrentStage);
        return new ProjectProgress(p.Status, p.CurrentPhase, p.CurrentStage, gates.Count(g => g.Decision == GateDecision.Passed),
            current?.Decision ?? GateDecision.Pending, current?.Note);
    }
}
