using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Rollouts;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Rollouts;

/// <summary>
/// A rollout project created through the use case on a <see cref="CrmProcessHost"/> running the
/// shipped crm-rollout workflow, with the steps a consultant takes as one-line calls.
/// </summary>
internal sealed class RolloutScenario : IAsyncDisposable
{
    public static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    public const string ConsultantId = "u-cora";
    public const string ConsultantEmail = "cora@example.com";

    private RolloutScenario(CrmProcessHost host, long projectId, string? instanceId)
    {
        Host = host;
        ProjectId = projectId;
        InstanceId = instanceId;
    }

    public CrmProcessHost Host { get; }
    public long ProjectId { get; }
    public string? InstanceId { get; }

    public static CreateRollout Command(decimal? tcoTarget = 650_000, decimal? roiTargetPercent = 25) =>
        new("Head-office CRM", "Northwind Trading", null, new DateOnly(2027, 5, 31), Budget: 500_000, TcoTarget: tcoTarget,
            RoiTargetPercent: roiTargetPercent, AdoptionTargetPercent: 80, PilotAdoptionTargetPercent: 60);

    public static async Task<RolloutScenario> StartAsync(CreateRollout? command = null)
    {
        var host = await CrmProcessHost.StartAsync(Monday);
        await host.SeedAsync(new AppUser { Id = ConsultantId, UserName = ConsultantEmail, Email = ConsultantEmail, DisplayName = "Cora Consultant" });
        var created = await host.Services.GetRequiredService<CreateRolloutHandler>().HandleAsync(command ?? Command(), ConsultantId);
        Assert.Equal(RolloutFailure.None, created.Failure);
        return new RolloutScenario(host, created.Value!.Id, created.Value.WorkflowInstances.SingleOrDefault());
    }

    public async Task<ProjectProgress> CompleteItemAsync(int number, string evidence = "Signed minutes in the project folder")
    {
        var result = await Host.Services.GetRequiredService<CompleteChecklistItemHandler>()
            .HandleAsync(new CompleteChecklistItem(ProjectId, number, evidence, ConsultantEmail));
        Assert.Equal(RolloutFailure.None, result.Failure);
        return result.Value!.Progress;
    }

    public async Task<KpiRecorded> RecordAsync(string kpi, decimal? value, decimal? target = null)
    {
        var result = await Host.Services.GetRequiredService<RecordKpiHandler>()
            .HandleAsync(new RecordKpi(ProjectId, kpi, null, value, target, ConsultantEmail));
        Assert.Equal(RolloutFailure.None, result.Failure);
        return result.Value!;
    }

    /// <summary>The consultant hands the stage to its gate (completes the stage's task).</summary>
    public async Task SubmitStageAsync(int stage)
    {
        await using var db = Host.Db();
        var task = await db.Set<HumanTaskRecord>().AsNoTracking()
            .SingleAsync(t => t.InstanceId == InstanceId && t.ActivityId == $"stage{stage}" && t.Status == HumanTaskStatus.Open);
        await Host.Runtime.CompleteTaskAsync(task.Id, "submitToGate", null, ConsultantEmail);
    }

    /// <summary>Does what the methodology asks of a stage so that its gate passes at once.</summary>
    public async Task PassStageAsync(int stage)
    {
        foreach (var item in RolloutMethodology.Checklist.Where(c => c.Stage == stage)) await CompleteItemAsync(item.Number);
        if (stage == 5) await RecordAsync(RolloutPlan.PilotAdoptionKpi, 70);
        if (stage == 6) await RecordAsync(RolloutMethodology.TcoKpi, 480_000);
        if (stage == 7)
        {
            await RecordAsync(RolloutPlan.AdoptionKpi, 85);
            await RecordAsync(RolloutMethodology.RoiKpi, 30);
        }
        await SubmitStageAsync(stage);
        Assert.Equal(GateDecision.Passed, (await GateAsync(stage)).Decision);
    }

    public async Task<RolloutView> ViewAsync() =>
        (await Host.Services.GetRequiredService<GetRolloutHandler>().HandleAsync(ProjectId))!;

    public async Task<Gate> GateAsync(int stage)
    {
        await using var db = Host.Db();
        return await db.Gates.AsNoTracking().SingleAsync(g => g.ProjectId == ProjectId && g.Stage == stage);
    }

    public async Task<List<string>> OpenTaskActivitiesAsync()
    {
        await using var db = Host.Db();
        return await db.Set<HumanTaskRecord>().AsNoTracking()
            .Where(t => t.InstanceId == InstanceId && t.Status == HumanTaskStatus.Open).OrderBy(t => t.ActivityId).Select(t => t.ActivityId).ToListAsync();
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
