using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>A figure against its target; <c>OnTarget</c> is null until a reading (or a target) exists.</summary>
public sealed record Figure(decimal Actual, decimal Target, bool? OnTarget);

/// <summary>One project of the portfolio: where it stands and whether it is held up.</summary>
public sealed record RolloutSummary(long Id, string Name, string Organisation, RolloutStatus Status, string? ConsultantUserId,
    DateOnly TargetGoLive, int CurrentPhase, string PhaseName, int PhasesDone, int CurrentStage, string StageName, int StagesDone,
    int ChecklistDone, int ChecklistTotal, int GatesPassed, bool Blocked, string? BlockedBecause, int OverdueItems,
    Figure Tco, Figure RoiPercent);

/// <summary>The portfolio of rollout projects, newest first.</summary>
public sealed class ListRolloutsHandler(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<RolloutSummary>> HandleAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var projects = await db.RolloutProjects.AsNoTracking().OrderByDescending(p => p.Id).ToListAsync(ct);
        var phasesDone = await db.RolloutPhases.Where(x => x.Status == RolloutStatus.Done)
            .GroupBy(x => x.ProjectId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var stages = (await db.RolloutStages.AsNoTracking().Select(x => new { x.ProjectId, x.Number, x.Status }).ToListAsync(ct))
            .ToLookup(x => x.ProjectId);
        var items = (await db.ChecklistItems.AsNoTracking().Select(x => new { x.ProjectId, x.Done, x.DueOn }).ToListAsync(ct))
            .ToLookup(x => x.ProjectId);
        var gates = (await db.Gates.AsNoTracking().Select(x => new { x.ProjectId, x.Stage, x.Decision, x.Note }).ToListAsync(ct))
            .ToLookup(x => x.ProjectId);
        var clean = RolloutStatusReportHandler.Clean;
        return projects.Select(p =>
        {
            var current = stages[p.Id].FirstOrDefault(s => s.Number == p.CurrentStage);
            var blocked = current?.Status == RolloutStatus.Blocked;
            var tcoLimit = p.TcoTarget > 0 ? p.TcoTarget : p.Budget;
            return new RolloutSummary(p.Id, p.Name, p.Organisation, p.Status, p.ConsultantUserId, p.TargetGoLive,
                p.CurrentPhase, RolloutMethodology.PhaseName(p.CurrentPhase), phasesDone.GetValueOrDefault(p.Id),
                p.CurrentStage, RolloutMethodology.StageName(p.CurrentStage), stages[p.Id].Count(s => s.Status == RolloutStatus.Done),
                items[p.Id].Count(i => i.Done), items[p.Id].Count(), gates[p.Id].Count(g => g.Decision == GateDecision.Passed),
                blocked, blocked ? gates[p.Id].FirstOrDefault(g => g.Stage == p.CurrentStage)?.Note : null,
                items[p.Id].Count(i => !i.Done && i.DueOn < today),
                new Figure(clean(p.TcoActual), clean(tcoLimit), tcoLimit > 0 && p.TcoActual > 0 ? p.TcoActual <= tcoLimit : null),
                new Figure(clean(p.RoiActual * 100), clean(p.RoiTarget * 100), p.RoiTarget > 0 && p.RoiActual != 0 ? p.RoiActual >= p.RoiTarget : null));
        }).ToList();
    }
}
