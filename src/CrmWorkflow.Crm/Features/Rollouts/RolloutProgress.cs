using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>Moves a project through its stages and phases when a gate decides.</summary>
public static class RolloutProgress
{
    /// <summary>Marks a stage as held at its gate (shown as Blocked until the gate passes).</summary>
    public static async Task MarkBlockedAsync(CrmDbContext db, long projectId, int stage, CancellationToken ct = default)
    {
        var row = await db.RolloutStages.FirstOrDefaultAsync(s => s.ProjectId == projectId && s.Number == stage, ct);
        if (row is { Status: not RolloutStatus.Done }) row.Status = RolloutStatus.Blocked;
    }

    /// <summary>
    /// Closes <paramref name="stage"/> and opens the next one; when the stage ends an adoption
    /// phase, the phase closes and the next opens. Passing stage 7 finishes the project.
    /// </summary>
    public static async Task AdvanceAsync(CrmDbContext db, RolloutProject project, int stage, DateOnly today, CancellationToken ct = default)
    {
        var stages = await db.RolloutStages.Where(s => s.ProjectId == project.Id).ToListAsync(ct);
        var phases = await db.RolloutPhases.Where(p => p.ProjectId == project.Id).ToListAsync(ct);
        if (stages.FirstOrDefault(s => s.Number == stage) is { } done)
        {
            done.Status = RolloutStatus.Done;
            done.ActualStart ??= today;
            done.ActualEnd = today;
        }
        var phase = RolloutMethodology.PhaseOf(stage);
        if (stage >= 7)
        {
            Close(phases, phase, today);
            project.Status = RolloutStatus.Done;
            return;
        }
        if (stages.FirstOrDefault(s => s.Number == stage + 1) is { } next && next.Status != RolloutStatus.Done)
        {
            next.Status = RolloutStatus.InProgress;
            next.ActualStart ??= today;
        }
        project.CurrentStage = Math.Max(project.CurrentStage, stage + 1);
        var nextPhase = RolloutMethodology.PhaseOf(stage + 1);
        if (nextPhase == phase) return;
        Close(phases, phase, today);
        if (phases.FirstOrDefault(p => p.Number == nextPhase) is { } opened && opened.Status != RolloutStatus.Done)
        {
            opened.Status = RolloutStatus.InProgress;
            opened.StartedOn ??= today;
        }
        project.CurrentPhase = Math.Max(project.CurrentPhase, nextPhase);
    }

    private static void Close(List<RolloutPhase> phases, int number, DateOnly today)
    {
        if (phases.FirstOrDefault(p => p.Number == number) is not { } phase) return;
        phase.Status = RolloutStatus.Done;
        phase.StartedOn ??= today;
        phase.CompletedOn = today;
    }
}
