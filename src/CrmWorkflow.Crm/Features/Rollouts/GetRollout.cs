using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>A stage of the project view, with the adoption phase it belongs to.</summary>
public sealed record StageView(int Number, string Name, int Phase, RolloutStatus Status, DateOnly? PlannedStart, DateOnly? PlannedEnd,
    DateOnly? ActualStart, DateOnly? ActualEnd);

/// <summary>An adoption phase of the project view.</summary>
public sealed record PhaseView(int Number, string Name, RolloutStatus Status, DateOnly? StartedOn, DateOnly? CompletedOn, IReadOnlyList<int> Stages);

/// <summary>A checklist item of the project view.</summary>
public sealed record ChecklistItemView(int Number, string Text, int Stage, bool Required, string? Owner, DateOnly? DueOn, bool Overdue,
    bool Done, string? DoneBy, DateTimeOffset? DoneAt, string? Evidence);

/// <summary>A gate of the project view.</summary>
public sealed record GateView(int Stage, string Name, string Criteria, GateDecision Decision, string? DecidedBy, DateTimeOffset? DecidedAt, string? Note);

/// <summary>One reading of a KPI.</summary>
public sealed record KpiReading(decimal Value, DateTimeOffset MeasuredAt, string? RecordedBy);

/// <summary>A KPI of the project view with its readings, oldest first.</summary>
public sealed record KpiView(long Id, string Name, string Unit, KpiDirection Direction, int? GateStage, decimal Target, decimal? Actual,
    DateTimeOffset? MeasuredAt, bool Met, IReadOnlyList<KpiReading> History);

/// <summary>A risk of the project view.</summary>
public sealed record RiskView(long Id, string Title, int Likelihood, int Impact, int Score, string? Mitigation, string? Owner, bool Open);

/// <summary>Everything about one rollout project.</summary>
public sealed record RolloutView(long Id, string Name, string Organisation, RolloutStatus Status, string? ConsultantUserId, DateOnly StartedOn,
    DateOnly TargetGoLive, int CurrentPhase, int CurrentStage, decimal Budget, decimal TcoTarget, decimal TcoActual, decimal RoiTargetPercent,
    decimal RoiActualPercent, IReadOnlyList<PhaseView> Phases, IReadOnlyList<StageView> Stages, IReadOnlyList<ChecklistItemView> Checklist,
    IReadOnlyList<GateView> Gates, IReadOnlyList<KpiView> Kpis, IReadOnlyList<RiskView> Risks);

/// <summary>Reads one project with its phases, stages, checklist, gates, KPI history and risks.</summary>
public sealed class GetRolloutHandler(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    public async Task<RolloutView?> HandleAsync(long id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.RolloutProjects.AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (p is null) return null;
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var phases = await db.RolloutPhases.AsNoTracking().Where(x => x.ProjectId == id).OrderBy(x => x.Number).ToListAsync(ct);
        var stages = await db.RolloutStages.AsNoTracking().Where(x => x.ProjectId == id).OrderBy(x => x.Number).ToListAsync(ct);
        var items = await db.ChecklistItems.AsNoTracking().Where(x => x.ProjectId == id).OrderBy(x => x.Number).ToListAsync(ct);
        var gates = await db.Gates.AsNoTracking().Where(x => x.ProjectId == id).OrderBy(x => x.Stage).ToListAsync(ct);
        var kpis = await db.RolloutKpis.AsNoTracking().Where(x => x.ProjectId == id).OrderBy(x => x.Id).ToListAsync(ct);
        var readings = (await db.KpiMeasurements.AsNoTracking().Where(x => x.ProjectId == id).ToListAsync(ct))
            .OrderBy(x => x.MeasuredAt).ThenBy(x => x.Id).ToLookup(x => x.KpiId);
        var risks = await db.RolloutRisks.AsNoTracking().Where(x => x.ProjectId == id).OrderBy(x => x.Id).ToListAsync(ct);
        var clean = RolloutStatusReportHandler.Clean;
        return new RolloutView(p.Id, p.Name, p.Organisation, p.Status, p.ConsultantUserId, p.StartedOn, p.TargetGoLive, p.CurrentPhase, p.CurrentStage,
            clean(p.Budget), clean(p.TcoTarget), clean(p.TcoActual), clean(p.RoiTarget * 100), clean(p.RoiActual * 100),
            phases.Select(x => new PhaseView(x.Number, x.Name, x.Status, x.StartedOn, x.CompletedOn,
                stages.Select(s => s.Number).Where(s => RolloutMethodology.PhaseOf(s) == x.Number).ToList())).ToList(),
            stages.Select(x => new StageView(x.Number, x.Name, RolloutMethodology.PhaseOf(x.Number), x.Status, x.PlannedStart, x.PlannedEnd,
                x.ActualStart, x.ActualEnd)).ToList(),
            items.Select(x => new ChecklistItemView(x.Number, x.Text, x.Stage, x.Required, x.Owner, x.DueOn, !x.Done && x.DueOn < today,
                x.Done, x.DoneBy, x.DoneAt, x.Evidence)).ToList(),
            gates.Select(x => new GateView(x.Stage, x.Name, x.Criteria, x.Decision, x.DecidedBy, x.DecidedAt, x.Note)).ToList(),
            kpis.Select(x => new KpiView(x.Id, x.Name, x.Unit, x.Direction, x.GateStage, clean(x.Target), x.Actual is { } a ? clean(a) : null,
                x.MeasuredAt, RolloutGateCheck.Meets(x), readings[x.Id].Select(r => new KpiReading(clean(r.Value), r.MeasuredAt, r.RecordedBy)).ToList())).ToList(),
            risks.Select(x => new RiskView(x.Id, x.Title, x.Likelihood, x.Impact, x.Likelihood * x.Impact, x.Mitigation, x.Owner, x.Open)).ToList());
    }
}
