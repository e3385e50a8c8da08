using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Rollouts;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Validation;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Activities;

/// <summary>The go/no-go gate at the end of an implementation stage.</summary>
[Activity("crm.rolloutGate", "CRM", "Holds a rollout project at the end of a stage until the stage's required checklist items are done and its KPIs (and, if asked, TCO/ROI) meet their targets; then records the decision, moves the project to the next stage and follows 'passed'.")]
[Ports("passed", "overdue")]
[Output("passed", "boolean", "True once the gate has passed.")]
[Output("openItems", "array", "Required checklist items still open: { number, text, stage, owner, dueOn }.")]
[Output("failingKpis", "array", "KPIs and cost figures not meeting their targets: { name, target, actual, reason }.")]
[Output("note", "string", "Why the gate is blocked, or what it passed on (also stored on the gate).")]
public sealed class RolloutGateActivity : Activity, IBlockingActivity
{
    /// <summary>Project.</summary>
    [Input("The rollout project, usually input.projectId.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> Project { get; } = new();

    /// <summary>Stage.</summary>
    [Input("The implementation stage (1-7) whose gate this is; its required checklist items and those of earlier stages must be done.",
        Required = true, UiHint = UiHint.Number)]
    public Input<int> Stage { get; } = new();

    /// <summary>Require the TCO and ROI targets to be set.</summary>
    [Input("Also require TCO and ROI targets to be set (checklist item 8, usually at stage 2).", UiHint = UiHint.Checkbox, DefaultJson = "false")]
    public Input<bool> RequireTargetsSet { get; } = new();

    /// <summary>Require TCO within target.</summary>
    [Input("Also require the recorded TCO to be within the TCO target (or the budget when no target is set).", UiHint = UiHint.Checkbox, DefaultJson = "false")]
    public Input<bool> RequireTcoWithinTarget { get; } = new();

    /// <summary>Require ROI at target.</summary>
    [Input("Also require the recorded ROI to reach the ROI target.", UiHint = UiHint.Checkbox, DefaultJson = "false")]
    public Input<bool> RequireRoiTarget { get; } = new();

    /// <summary>Overdue after.</summary>
    [Input("If still blocked this long after the gate is reached (ISO 8601, e.g. P14D), follow 'overdue' once; the gate keeps waiting.",
        UiHint = UiHint.Duration)]
    public Input<TimeSpan?> OverdueAfter { get; } = new();

    /// <inheritdoc />
    public override object? Prepare(ActivityNode node, PrepareContext context)
    {
        if (node.Inputs?["stage"] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && (!v.TryGetValue<int>(out var stage) || stage is < 1 or > 7))
            context.Report(context.InputPath("stage"), "The stage is a number from 1 to 7.");
        return null;
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        if (await CheckAsync(context)) return ActivityOutcome.Port("passed");
        WaitForChange(context);
        if (context.Get(OverdueAfter) is { } after)
            context.CreateBookmark(BookmarkKind.Timer, tag: "overdue", dueAt: context.Now + after);
        return ActivityOutcome.Wait;
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ResumeAsync(ActivityContext context)
    {
        if (context.Bookmark!.Kind == BookmarkKind.Timer) return ActivityOutcome.PortsAndWait("overdue");
        if (await CheckAsync(context)) return ActivityOutcome.Port("passed");
        // The resumed bookmark is gone; wait for the next change (an overdue timer, if any, stays).
        WaitForChange(context);
        return ActivityOutcome.Wait;
    }

    private void WaitForChange(ActivityContext context) =>
        context.CreateBookmark(BookmarkKind.Event, eventName: RolloutMethodology.ChangedEvent,
            correlationKey: context.Get(Project).ToString(CultureInfo.InvariantCulture));

    // Evaluates the gate, records the outcome on the gate row and the project, and sets the outputs.
    private async Task<bool> CheckAsync(ActivityContext context)
    {
        var db = context.Crm();
        var projectId = context.Get(Project);
        var stage = context.Get(Stage);
        if (stage is < 1 or > 7) throw new ArgumentException($"'{context.ActivityId}': the stage must be 1 to 7, not {stage}.");
        var project = await db.RolloutProjects.FirstOrDefaultAsync(p => p.Id == projectId, context.CancellationToken)
                      ?? throw new InvalidOperationException($"'{context.ActivityId}': there is no rollout project {projectId}.");
        var gate = await GateAsync(db, project.Id, stage, context.CancellationToken);
        var requirements = new GateRequirements(context.Get(RequireTargetsSet), context.Get(RequireTcoWithinTarget), context.Get(RequireRoiTarget));
        gate.Criteria = Criteria(stage, requirements);
        var result = await RolloutGateCheck.EvaluateAsync(db, project, stage, requirements, context.CancellationToken);
        var note = result.Note();
        gate.Note = note;
        context.SetOutput("passed", result.Passed);
        context.SetOutput("note", note);
        context.SetOutput("openItems", JsonSerializer.SerializeToNode(result.OpenItems, DefinitionJson.Options));
        context.SetOutput("failingKpis", JsonSerializer.SerializeToNode(result.FailingKpis, DefinitionJson.Options));
        if (!result.Passed)
        {
            await RolloutProgress.MarkBlockedAsync(db, project.Id, stage, context.CancellationToken);
            return false;
        }
        gate.Decision = GateDecision.Passed;
        gate.DecidedAt = context.Now;
        gate.DecidedBy = "workflow";
        await RolloutProgress.AdvanceAsync(db, project, stage, DateOnly.FromDateTime(context.Now.UtcDateTime), context.CancellationToken);
        return true;
    }

    private static async Task<Gate> GateAsync(CrmDbContext db, long projectId, int stage, CancellationToken ct)
    {
        var gate = await db.Gates.FirstOrDefaultAsync(g => g.ProjectId == projectId && g.Stage == stage, ct);
        if (gate is not null) return gate;
        // Projects made before their gates existed (or by hand) still get a record of the decision.
        gate = new Gate { ProjectId = projectId, Stage = stage, Name = $"Gate {stage}: {RolloutMethodology.StageName(stage)}" };
        db.Gates.Add(gate);
        return gate;
    }

    private static string Criteria(int stage, GateRequirements r)
    {
        var parts = new List<string> { $"required checklist items of stages 1-{stage} done", $"KPIs gated at stage {stage} meet their targets" };
        if (r.TargetsSet) parts.Add("TCO and ROI targets set");
        if (r.TcoWithinTarget) parts.Add("TCO within target (or budget)");
        if (r.RoiTarget) parts.Add("ROI at or above target");
        return string.Join("; ", parts);
    }
}
