using System.Globalization;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>What a gate asks for beyond its checklist items and KPIs.</summary>
public sealed record GateRequirements(bool TargetsSet = false, bool TcoWithinTarget = false, bool RoiTarget = false);

/// <summary>A required checklist item that is not done yet.</summary>
public sealed record OpenChecklistItem(int Number, string Text, int Stage, string? Owner, DateOnly? DueOn);

/// <summary>A KPI (or cost figure) that does not meet what the gate asks for, and why.</summary>
public sealed record FailingKpi(string Name, decimal? Target, decimal? Actual, string Reason);

/// <summary>The result of checking a gate: what is missing, and what was checked.</summary>
public sealed record GateEvaluation(int Stage, IReadOnlyList<OpenChecklistItem> OpenItems, IReadOnlyList<FailingKpi> FailingKpis,
    IReadOnlyList<string> Checked)
{
    /// <summary>True when nothing is missing.</summary>
    public bool Passed => OpenItems.Count == 0 && FailingKpis.Count == 0;

    /// <summary>The note a person reads on the gate: why it is blocked, or what it passed on.</summary>
    public string Note()
    {
        if (Passed) return Cut($"Passed: {string.Join("; ", Checked)}.");
        var parts = new List<string>();
        if (OpenItems.Count > 0)
            parts.Add("open checklist items " + string.Join(", ", OpenItems.Select(i => $"{i.Number} ({i.Text})")));
        if (FailingKpis.Count > 0)
            parts.Add("not met " + string.Join(", ", FailingKpis.Select(k => k.Reason)));
        return Cut($"Blocked: {string.Join("; ", parts)}.");
    }

    private static string Cut(string s) => s.Length <= 2000 ? s : s[..1997] + "...";
}

/// <summary>Checks a stage's gate against the project's checklist, KPIs and cost targets.</summary>
public static class RolloutGateCheck
{
    /// <summary>True when a KPI's latest reading meets its target in its direction.</summary>
    public static bool Meets(RolloutKpi kpi) =>
        kpi.Actual is { } actual && (kpi.Direction == KpiDirection.AtLeast ? actual >= kpi.Target : actual <= kpi.Target);

    /// <summary>Evaluates the gate of <paramref name="stage"/> with the rows as they are in <paramref name="db"/>.</summary>
    public static async Task<GateEvaluation> EvaluateAsync(CrmDbContext db, RolloutProject project, int stage,
        GateRequirements requirements, CancellationToken ct = default)
    {
        // Items of earlier stages count too: a gate never opens over unfinished earlier work.
        var items = await db.ChecklistItems.Where(i => i.ProjectId == project.Id && i.Required && i.Stage <= stage)
            .OrderBy(i => i.Number).ToListAsync(ct);
        var kpis = await db.RolloutKpis.Where(k => k.ProjectId == project.Id && k.GateStage == stage).OrderBy(k => k.Id).ToListAsync(ct);
        var open = items.Where(i => !i.Done).Select(i => new OpenChecklistItem(i.Number, i.Text, i.Stage, i.Owner, i.DueOn)).ToList();
        var failing = new List<FailingKpi>();
        var checkedList = new List<string>();
        checkedList.Add(items.Count == 0 ? "no required checklist items" : "checklist items " + string.Join(", ", items.Select(i => i.Number)) + " done");

        foreach (var kpi in kpis)
        {
            var wanted = $"{(kpi.Direction == KpiDirection.AtLeast ? ">=" : "<=")} {Num(kpi.Target)}{Unit(kpi.Unit)}";
            if (Meets(kpi)) checkedList.Add($"{kpi.Name} {Num(kpi.Actual!.Value)}{Unit(kpi.Unit)} (target {wanted})");
            else failing.Add(new FailingKpi(kpi.Name, kpi.Target, kpi.Actual, kpi.Actual is { } a
                ? $"{kpi.Name} {Num(a)}{Unit(kpi.Unit)} (target {wanted})"
                : $"{kpi.Name} not measured yet (target {wanted})"));
        }

        if (requirements.TargetsSet)
        {
            if (project.TcoTarget <= 0) failing.Add(new FailingKpi("TCO target", null, null, "TCO target not set"));
            if (project.RoiTarget <= 0) failing.Add(new FailingKpi("ROI target", null, null, "ROI target not set"));
            if (project.TcoTarget > 0 && project.RoiTarget > 0)
                checkedList.Add($"targets set (TCO {Money(project.TcoTarget)}, ROI {Num(project.RoiTarget * 100)} %)");
        }
        if (requirements.TcoWithinTarget) CheckTco(project, failing, checkedList);
        if (requirements.RoiTarget)
        {
            var target = project.RoiTarget * 100;
            var actual = project.RoiActual * 100;
            if (project.RoiTarget <= 0) failing.Add(new FailingKpi(RolloutMethodology.RoiKpi, null, actual, "ROI target not set"));
            else if (project.RoiActual < project.RoiTarget)
                failing.Add(new FailingKpi(RolloutMethodology.RoiKpi, target, actual, $"ROI {Num(actual)} % (target >= {Num(target)} %)"));
            else checkedList.Add($"ROI {Num(actual)} % (target >= {Num(target)} %)");
        }
        return new GateEvaluation(stage, open, failing, checkedList);
    }

    // The TCO target is what the business case promised; a project without one is held to its budget.
    private static void CheckTco(RolloutProject project, List<FailingKpi> failing, List<string> checkedList)
    {
        var (limit, what) = project.TcoTarget > 0 ? (project.TcoTarget, "target") : (project.Budget, "budget");
        if (limit <= 0)
            failing.Add(new FailingKpi(RolloutMethodology.TcoKpi, null, project.TcoActual, "TCO has no target or budget to be checked against"));
        else if (project.TcoActual <= 0)
            failing.Add(new FailingKpi(RolloutMethodology.TcoKpi, limit, null, $"TCO not recorded yet ({what} {Money(limit)})"));
        else if (project.TcoActual > limit)
            failing.Add(new FailingKpi(RolloutMethodology.TcoKpi, limit, project.TcoActual, $"TCO {Money(project.TcoActual)} over {what} {Money(limit)}"));
        else checkedList.Add($"TCO {Money(project.TcoActual)} within {what} {Money(limit)}");
    }

    internal static string Num(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);

    internal static string Money(decimal d) => d.ToString("#,0.##", CultureInfo.InvariantCulture);

    private static string Unit(string unit) => unit.Length == 0 ? "" : unit == "%" ? " %" : $" {unit}";
}
