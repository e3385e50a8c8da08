using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>Lays a new project out along the methodology: phases, dated stages, checklist, gates, KPIs and risks.</summary>
public static class RolloutPlan
{
    /// <summary>Default KPI targets when the request gives none, in percent.</summary>
    public const decimal DefaultAdoptionTarget = 80, DefaultPilotAdoptionTarget = 60;

    /// <summary>The KPI the pilot's gate (stage 5) checks.</summary>
    public const string PilotAdoptionKpi = "Pilot user adoption";

    /// <summary>The KPI the last gate (stage 7) checks.</summary>
    public const string AdoptionKpi = "User adoption";

    /// <summary>Adds the project's rows (the project itself must have its id).</summary>
    public static void AddRows(CrmDbContext db, RolloutProject project, CreateRollout command)
    {
        foreach (var (number, name, _) in RolloutMethodology.Phases)
            db.RolloutPhases.Add(new RolloutPhase
            {
                ProjectId = project.Id, Number = number, Name = name,
                Status = number == 1 ? RolloutStatus.InProgress : RolloutStatus.NotStarted,
                StartedOn = number == 1 ? project.StartedOn : null,
            });
        var plan = PlannedDates(project.StartedOn, project.TargetGoLive);
        foreach (var (number, name, _) in RolloutMethodology.Stages)
            db.RolloutStages.Add(new RolloutStage
            {
                ProjectId = project.Id, Number = number, Name = name,
                Status = number == 1 ? RolloutStatus.InProgress : RolloutStatus.NotStarted,
                PlannedStart = plan[number - 1].Start, PlannedEnd = plan[number - 1].End,
                ActualStart = number == 1 ? project.StartedOn : null,
            });
        foreach (var (number, text, stage, owner) in RolloutMethodology.Checklist)
            db.ChecklistItems.Add(new ChecklistItem
            {
                ProjectId = project.Id, Number = number, Text = text, Stage = stage, Required = true, Owner = owner, DueOn = plan[stage - 1].End,
            });
        var kpis = new[]
        {
            new RolloutKpi { Name = PilotAdoptionKpi, Unit = "%", Direction = KpiDirection.AtLeast, GateStage = 5,
                Target = command.PilotAdoptionTargetPercent ?? DefaultPilotAdoptionTarget },
            new RolloutKpi { Name = AdoptionKpi, Unit = "%", Direction = KpiDirection.AtLeast, GateStage = 7,
                Target = command.AdoptionTargetPercent ?? DefaultAdoptionTarget },
            // TCO and ROI are tracked here for their history; the workflow's gates decide where they must hold.
            new RolloutKpi { Name = RolloutMethodology.TcoKpi, Unit = "", Direction = KpiDirection.AtMost, Target = project.TcoTarget },
            new RolloutKpi { Name = RolloutMethodology.RoiKpi, Unit = "%", Direction = KpiDirection.AtLeast, Target = project.RoiTarget * 100 },
        };
        foreach (var kpi in kpis)
        {
            kpi.ProjectId = project.Id;
            db.RolloutKpis.Add(kpi);
        }
        foreach (var (number, name, _) in RolloutMethodology.Stages)
        {
            var items = RolloutMethodology.Checklist.Where(c => c.Stage <= number).Select(c => c.Number).ToList();
            var gated = kpis.Where(k => k.GateStage == number).Select(k => $"{k.Name} {(k.Direction == KpiDirection.AtLeast ? ">=" : "<=")} {RolloutGateCheck.Num(k.Target)}{k.Unit}");
            db.Gates.Add(new Gate
            {
                ProjectId = project.Id, Stage = number, Name = $"Gate {number}: {name}", Decision = GateDecision.Pending,
                Criteria = string.Join("; ", new[] { items.Count == 0 ? null : $"checklist items {string.Join(", ", items)} done" }.Concat(gated).OfType<string>()),
            });
        }
        foreach (var (title, mitigation) in RolloutMethodology.Risks)
            db.RolloutRisks.Add(new RolloutRisk { ProjectId = project.Id, Title = title, Likelihood = 3, Impact = 4, Mitigation = mitigation, Owner = "Project manager" });
    }

    /// <summary>
    /// Planned start and end of each stage: stages 1-6 share the time up to go-live by their
    /// weights (each gets at least a day); stage 7 runs from go-live for the support period.
    /// </summary>
    public static IReadOnlyList<(DateOnly Start, DateOnly End)> PlannedDates(DateOnly start, DateOnly goLive)
    {
        var days = goLive.DayNumber - start.DayNumber;
        var result = new List<(DateOnly, DateOnly)>();
        var from = start;
        var cumulative = 0;
        foreach (var (number, _, weight) in RolloutMethodology.Stages.Where(s => s.Number < 7))
        {
            cumulative += weight;
            var offset = (int)Math.Round(days * cumulative / 100.0, MidpointRounding.AwayFromZero);
            var end = start.AddDays(Math.Clamp(offset, from.DayNumber - start.DayNumber + 1, days - (6 - number)));
            result.Add((from, end));
            from = end;
        }
        result.Add((goLive, goLive.AddDays(RolloutMethodology.SupportDays)));
        return result;
    }
}
