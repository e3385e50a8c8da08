using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>The figures at the top of a status report (the template's <c>project</c>).</summary>
public sealed record ReportProject(long Id, string Name, string Organisation, string Status, int CurrentPhase, int CurrentStage,
    DateOnly StartedOn, DateOnly TargetGoLive, decimal Budget, decimal TcoTarget, decimal TcoActual, decimal RoiTarget, decimal RoiActual,
    int ChecklistDone, int ChecklistTotal, int GatesPassed, string? GateNote, string? ConsultantUserId);

/// <summary>A phase or stage line of the report.</summary>
public sealed record ReportStep(int Number, string Name, string Status, DateOnly? PlannedEnd);

/// <summary>An open checklist item of the report.</summary>
public sealed record ReportItem(int Number, string Text, int Stage, string? Owner, DateOnly? DueOn, bool Overdue);

/// <summary>A KPI line of the report.</summary>
public sealed record ReportKpi(string Name, string Unit, string Direction, decimal Target, decimal? Actual, bool Met, int? GateStage);

/// <summary>The model of templates/rollout-status-report.html.scriban.</summary>
public sealed record StatusReportModel(ReportProject Project, IReadOnlyList<ReportStep> Phases, IReadOnlyList<ReportStep> Stages,
    IReadOnlyList<ReportItem> OpenItems, IReadOnlyList<ReportKpi> Kpis, DateTimeOffset ReportDate);

/// <summary>Builds and renders a project's status report (the weekly mail and GET /api/rollouts/{id}/status-report).</summary>
public sealed class RolloutStatusReportHandler(IDbContextFactory<CrmDbContext> dbFactory, TemplateRenderer templates, TimeProvider clock)
{
    /// <summary>The template's name in templates/.</summary>
    public const string Template = "rollout-status-report";

    /// <summary>The rendered report, or null when there is no such project.</summary>
    public async Task<RenderedTemplate?> RenderAsync(long projectId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var model = await BuildAsync(db, projectId, clock.GetUtcNow(), ct);
        return model is null ? null : templates.Render(Template, model);
    }

    /// <summary>The report's model as of <paramref name="now"/>, or null when there is no such project.</summary>
    public static async Task<StatusReportModel?> BuildAsync(CrmDbContext db, long projectId, DateTimeOffset now, CancellationToken ct = default)
    {
        var p = await db.RolloutProjects.AsNoTracking().FirstOrDefaultAsync(x => x.Id == projectId, ct);
        if (p is null) return null;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var phases = await db.RolloutPhases.AsNoTracking().Where(x => x.ProjectId == projectId).OrderBy(x => x.Number).ToListAsync(ct);
        var stages = await db.RolloutStages.AsNoTracking().Where(x => x.ProjectId == projectId).OrderBy(x => x.Number).ToListAsync(ct);
        var items = await db.ChecklistItems.AsNoTracking().Where(x => x.ProjectId == projectId).OrderBy(x => x.Number).ToListAsync(ct);
        var kpis = await db.RolloutKpis.AsNoTracking().Where(x => x.ProjectId == projectId).OrderBy(x => x.Id).ToListAsync(ct);
        var gates = await db.Gates.AsNoTracking().Where(x => x.ProjectId == projectId).ToListAsync(ct);
        var current = gates.FirstOrDefault(g => g.Stage == p.CurrentStage && g.Decision != GateDecision.Passed);
        var project = new ReportProject(p.Id, p.Name, p.Organisation, p.Status.ToString(), p.CurrentPhase, p.CurrentStage, p.StartedOn, p.TargetGoLive,
            Clean(p.Budget), Clean(p.TcoTarget), Clean(p.TcoActual), Clean(p.RoiTarget), Clean(p.RoiActual),
            items.Count(i => i.Done), items.Count, gates.Count(g => g.Decision == GateDecision.Passed), current?.Note, p.ConsultantUserId);
        return new StatusReportModel(project,
            phases.Select(x => new ReportStep(x.Number, x.Name, x.Status.ToString(), null)).ToList(),
            stages.Select(x => new ReportStep(x.Number, x.Name, x.Status.ToString(), x.PlannedEnd)).ToList(),
            items.Where(i => !i.Done).Select(i => new ReportItem(i.Number, i.Text, i.Stage, i.Owner, i.DueOn, i.DueOn < today)).ToList(),
            kpis.Select(k => new ReportKpi(k.Name, k.Unit, k.Direction.ToString(), Clean(k.Target), k.Actual is { } a ? Clean(a) : null,
                RolloutGateCheck.Meets(k), k.GateStage)).ToList(),
            now);
    }

    // Stored decimals may carry a column's scale (650000.0000); a report shows 650000.
    internal static decimal Clean(decimal d) => Math.Round(d, 4) / 1.0000000000000000000000000000m;
}
