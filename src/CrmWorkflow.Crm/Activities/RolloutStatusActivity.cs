using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Rollouts;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Activities;

/// <summary>Reads where a rollout project stands, for a status report or a decision.</summary>
[Activity("crm.rolloutStatus", "CRM", "Reads a rollout project's progress (phases, stages, open checklist items, KPIs against target, TCO and ROI) as the model of the rollout-status-report template, with its consultant's address.")]
[Output("report", "object", "The status report model: project, phases, stages, openItems, kpis, reportDate.")]
[Output("finished", "boolean", "True when the project is done (its last gate has passed).")]
[Output("currentStage", "number", "The implementation stage the project is in (1-7).")]
[Output("openItems", "number", "How many checklist items are still open.")]
[Output("consultantEmail", "string", "The project consultant's email address (null when none).")]
[Output("consultantName", "string", "The project consultant's name.")]
public sealed class RolloutStatusActivity : Activity
{
    /// <summary>Project.</summary>
    [Input("The rollout project, usually input.projectId.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> Project { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Crm();
        var projectId = context.Get(Project);
        var model = await RolloutStatusReportHandler.BuildAsync(db, projectId, context.Now, context.CancellationToken)
                    ?? throw new InvalidOperationException($"'{context.ActivityId}': there is no rollout project {projectId}.");
        var consultant = model.Project.ConsultantUserId is { } userId
            ? await db.Users.AsNoTracking().Where(u => u.Id == userId).Select(u => new { u.Email, u.DisplayName }).FirstOrDefaultAsync(context.CancellationToken)
            : null;
        // Copied through the script converter so dates stay dates for the template's date filters.
        context.SetOutput("report", ScriptValues.ToJson(ScriptValues.FromClr(model)));
        context.SetOutput("finished", model.Project.Status == nameof(RolloutStatus.Done));
        context.SetOutput("currentStage", model.Project.CurrentStage);
        context.SetOutput("openItems", model.OpenItems.Count);
        context.SetOutput("consultantEmail", consultant?.Email);
        context.SetOutput("consultantName", consultant?.DisplayName);
        return ActivityOutcome.Done;
    }
}
