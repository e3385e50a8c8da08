using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>
/// A KPI reading (and/or a new target) for a project's KPI, named or by id. Readings of the TCO
/// and ROI KPIs are also the project's TCO and ROI (ROI in percent).
/// </summary>
public sealed record RecordKpi(long ProjectId, string? Kpi, long? KpiId, decimal? Value, decimal? Target, string? By)
{
    /// <summary>Problems with the body, by JSON path.</summary>
    public List<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (Kpi is null && KpiId is null) problems.Add(new("$.kpi", "Name the KPI (e.g. \"User adoption\", \"TCO\", \"ROI\") or give its kpiId."));
        if (Kpi is { Length: 0 or > 100 }) problems.Add(new("$.kpi", "A KPI name has 1 to 100 characters."));
        if (Value is null && Target is null) problems.Add(new("$.value", "Give the value measured (or a new target)."));
        if (Value is { } v && Math.Abs(v) > 1e12m) problems.Add(new("$.value", "The value is between -1,000,000,000,000 and 1,000,000,000,000."));
        if (Target is { } t && (t < 0 || t > 1e12m)) problems.Add(new("$.target", "The target is between 0 and 1,000,000,000,000."));
        return problems;
    }
}

/// <summary>The KPI after the reading, and where the project stands once its workflow has seen it.</summary>
public sealed record KpiRecorded(long Id, string Name, string Unit, KpiDirection Direction, decimal Target, decimal? Actual,
    DateTimeOffset? MeasuredAt, bool Met, ProjectProgress Progress);

/// <summary>Stores the reading and raises <c>rollout.changed</c> in the same transaction, so a waiting gate re-checks.</summary>
public sealed class RecordKpiHandler(IDbContextFactory<CrmDbContext> dbFactory, WorkflowRuntime runtime, TimeProvider clock)
{
    public async Task<RolloutResult<KpiRecorded>> HandleAsync(RecordKpi command, CancellationToken ct = default)
    {
        if (command.Validate() is { Count: > 0 } problems) return RolloutResult<KpiRecorded>.Invalid(problems);
        string eventId;
        RolloutKpi kpi;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var project = await db.RolloutProjects.FirstOrDefaultAsync(p => p.Id == command.ProjectId, ct);
            if (project is null) return RolloutResult<KpiRecorded>.NotFound($"No rollout project {command.ProjectId}.");
            var kpis = await db.RolloutKpis.Where(k => k.ProjectId == project.Id).ToListAsync(ct);
            var found = command.KpiId is { } id ? kpis.FirstOrDefault(k => k.Id == id)
                : kpis.FirstOrDefault(k => string.Equals(k.Name, command.Kpi!.Trim(), StringComparison.OrdinalIgnoreCase));
            if (found is null)
                return RolloutResult<KpiRecorded>.Invalid(command.KpiId is null ? "$.kpi" : "$.kpiId",
                    $"Project {project.Id} has no such KPI; its KPIs are {string.Join(", ", kpis.Select(k => $"{k.Name} (id {k.Id})"))}.");
            if (command.Kpi is { } name && command.KpiId is not null && !string.Equals(found.Name, name.Trim(), StringComparison.OrdinalIgnoreCase))
                return RolloutResult<KpiRecorded>.Invalid("$.kpi", $"KPI {found.Id} is '{found.Name}', not '{name}'.");
            kpi = found;
            var now = clock.GetUtcNow();
            if (command.Target is { } target) SetTarget(project, kpi, target);
            if (command.Value is { } value)
            {
                db.KpiMeasurements.Add(new KpiMeasurement { KpiId = kpi.Id, ProjectId = project.Id, Value = value, MeasuredAt = now, RecordedBy = Cut(command.By) });
                kpi.Actual = value;
                kpi.MeasuredAt = now;
                if (kpi.Name == RolloutMethodology.TcoKpi) project.TcoActual = value;
                if (kpi.Name == RolloutMethodology.RoiKpi) project.RoiActual = value / 100m;
            }
            eventId = RolloutChange.Queue(runtime, db, project.Id, "kpi", Cut(command.By), new JsonObject { ["kpi"] = kpi.Name, ["value"] = command.Value });
            await db.SaveChangesAsync(ct);
        }
        await runtime.DispatchEventAsync(eventId, ct);
        var clean = RolloutStatusReportHandler.Clean;
        return RolloutResult<KpiRecorded>.Ok(new KpiRecorded(kpi.Id, kpi.Name, kpi.Unit, kpi.Direction, clean(kpi.Target), kpi.Actual is { } a ? clean(a) : null,
            kpi.MeasuredAt, RolloutGateCheck.Meets(kpi), await RolloutChange.ProgressAsync(dbFactory, command.ProjectId, ct)));
    }

    // The project's own TCO and ROI targets follow their KPIs, so the gates and reports agree.
    private static void SetTarget(RolloutProject project, RolloutKpi kpi, decimal target)
    {
        kpi.Target = target;
        if (kpi.Name == RolloutMethodology.TcoKpi) project.TcoTarget = target;
        if (kpi.Name == RolloutMethodology.RoiKpi) project.RoiTarget = target / 100m;
    }

    private static string? Cut(string? s) => s is { Length: > 200 } ? s[..200] : s;
}
