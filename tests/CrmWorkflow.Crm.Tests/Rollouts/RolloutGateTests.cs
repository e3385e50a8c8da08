using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Rollouts;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Rollouts;

public sealed class RolloutGateTests
{
    [Fact]
    public async Task Gate_RequiredItemOpen_StaysBlockedNamingItUntilCompleted()
    {
        await using var rollout = await RolloutScenario.StartAsync();
        await rollout.CompleteItemAsync(1);
        await rollout.CompleteItemAsync(2);

        await rollout.SubmitStageAsync(1);

        var blocked = await rollout.GateAsync(1);
        Assert.Equal(GateDecision.Pending, blocked.Decision);
        Assert.Contains("open checklist items 6 (Top-management support, all-staff participation)", blocked.Note);
        var view = await rollout.ViewAsync();
        Assert.Equal(1, view.CurrentStage);
        Assert.Equal(RolloutStatus.Blocked, view.Stages[0].Status);
        Assert.Equal(["gate1"], await WaitingActivitiesAsync(rollout));
        Assert.Empty(await rollout.OpenTaskActivitiesAsync());

        rollout.Host.Clock.Advance(TimeSpan.FromHours(3));
        var progress = await rollout.CompleteItemAsync(6, "Board decision of 2026-11-20");

        Assert.Equal(2, progress.CurrentStage);
        var passed = await rollout.GateAsync(1);
        Assert.Equal(GateDecision.Passed, passed.Decision);
        Assert.Equal(RolloutScenario.Monday.AddHours(3), passed.DecidedAt);
        Assert.StartsWith("Passed: checklist items 1, 2, 6 done", passed.Note);
        view = await rollout.ViewAsync();
        Assert.Equal([RolloutStatus.Done, RolloutStatus.InProgress], view.Stages.Take(2).Select(s => s.Status));
        Assert.Equal(new DateOnly(2026, 11, 23), view.Stages[1].ActualStart);
        Assert.Equal(["stage2"], await rollout.OpenTaskActivitiesAsync());
    }

    [Fact]
    public async Task Gate_KpiUnderTarget_BlocksUntilAReadingMeetsIt()
    {
        await using var rollout = await RolloutScenario.StartAsync();
        for (var stage = 1; stage <= 4; stage++) await rollout.PassStageAsync(stage);
        Assert.Equal(2, (await rollout.ViewAsync()).CurrentPhase);
        await rollout.RecordAsync(RolloutPlan.PilotAdoptionKpi, 45);

        await rollout.SubmitStageAsync(5);

        var gate = await rollout.GateAsync(5);
        Assert.Equal(GateDecision.Pending, gate.Decision);
        Assert.Contains("Pilot user adoption 45 % (target >= 60 %)", gate.Note);
        Assert.DoesNotContain("open checklist items", gate.Note);

        var still = await rollout.RecordAsync(RolloutPlan.PilotAdoptionKpi, 59.5m);
        Assert.False(still.Met);
        Assert.Equal(5, still.Progress.CurrentStage);
        Assert.Contains("Pilot user adoption 59.5 %", (await rollout.GateAsync(5)).Note);

        var met = await rollout.RecordAsync(RolloutPlan.PilotAdoptionKpi, 64);

        Assert.True(met.Met);
        Assert.Equal(6, met.Progress.CurrentStage);
        Assert.Equal(GateDecision.Passed, (await rollout.GateAsync(5)).Decision);
        var history = (await rollout.ViewAsync()).Kpis.Single(k => k.Name == RolloutPlan.PilotAdoptionKpi).History;
        Assert.Equal([45m, 59.5m, 64m], history.Select(h => h.Value));
    }

    [Fact]
    public async Task Gate2_TargetsNotSet_BlocksUntilTcoAndRoiTargetsAreRecorded()
    {
        await using var rollout = await RolloutScenario.StartAsync(RolloutScenario.Command(tcoTarget: null, roiTargetPercent: null));
        await rollout.PassStageAsync(1);
        foreach (var item in new[] { 3, 4, 5, 7, 8 }) await rollout.CompleteItemAsync(item);

        await rollout.SubmitStageAsync(2);

        Assert.Contains("TCO target not set, ROI target not set", (await rollout.GateAsync(2)).Note);
        await rollout.RecordAsync(RolloutMethodology.TcoKpi, null, target: 650_000);
        Assert.Equal(GateDecision.Pending, (await rollout.GateAsync(2)).Decision);

        var roi = await rollout.RecordAsync(RolloutMethodology.RoiKpi, null, target: 25);

        Assert.Equal(3, roi.Progress.CurrentStage);
        var view = await rollout.ViewAsync();
        Assert.Equal(650_000m, view.TcoTarget);
        Assert.Equal(25m, view.RoiTargetPercent);
    }

    [Fact]
    public async Task Rollout_TcoOverTargetAtGate6_HoldsThenFinishesAfterRoiMeetsTargetAtGate7()
    {
        await using var rollout = await RolloutScenario.StartAsync();
        for (var stage = 1; stage <= 5; stage++) await rollout.PassStageAsync(stage);
        await rollout.CompleteItemAsync(10);
        await rollout.RecordAsync(RolloutMethodology.TcoKpi, 700_000);

        await rollout.SubmitStageAsync(6);

        Assert.Contains("TCO 700,000 over target 650,000", (await rollout.GateAsync(6)).Note);
        var tco = await rollout.RecordAsync(RolloutMethodology.TcoKpi, 640_000);
        Assert.Equal(7, tco.Progress.CurrentStage);
        Assert.Equal(3, tco.Progress.CurrentPhase);

        await rollout.RecordAsync(RolloutPlan.AdoptionKpi, 85);
        await rollout.RecordAsync(RolloutMethodology.RoiKpi, 18);
        await rollout.SubmitStageAsync(7);
        Assert.Contains("ROI 18 % (target >= 25 %)", (await rollout.GateAsync(7)).Note);
        var roi = await rollout.RecordAsync(RolloutMethodology.RoiKpi, 27.5m);

        Assert.Equal(RolloutStatus.Done, roi.Progress.Status);
        var view = await rollout.ViewAsync();
        Assert.All(view.Phases, p => Assert.Equal(RolloutStatus.Done, p.Status));
        Assert.All(view.Gates, g => Assert.Equal(GateDecision.Passed, g.Decision));
        Assert.Equal(0.275m * 100, view.RoiActualPercent);
        var instance = await rollout.Host.Runtime.GetStateAsync(rollout.InstanceId!);
        Assert.Equal(WorkflowStatus.Finished, instance!.Status);
    }

    [Fact]
    public async Task Gate_BlockedForTwoWeeks_GivesAdminsAReviewTaskAndKeepsWaiting()
    {
        await using var rollout = await RolloutScenario.StartAsync();
        await rollout.SubmitStageAsync(1);

        await rollout.Host.AdvanceAsync(TimeSpan.FromDays(13));
        Assert.Empty(await rollout.OpenTaskActivitiesAsync());
        await rollout.Host.AdvanceAsync(TimeSpan.FromDays(1));

        Assert.Equal(["gateOverdue"], await rollout.OpenTaskActivitiesAsync());
        Assert.Equal(["gate1"], await WaitingActivitiesAsync(rollout));
        foreach (var item in new[] { 1, 2, 6 }) await rollout.CompleteItemAsync(item);
        Assert.Equal(GateDecision.Passed, (await rollout.GateAsync(1)).Decision);
        Assert.Contains("stage2", await rollout.OpenTaskActivitiesAsync());
    }

    [Fact]
    public async Task Publish_GateStageOutsideOneToSeven_IsAProblemAtItsInput()
    {
        await using var host = await CrmProcessHost.StartAsync(RolloutScenario.Monday, importWorkflows: false);
        var json = """
            { "definitionId": "gate-test", "name": "Gate test",
              "activities": [ { "id": "start", "type": "core.start" },
                { "id": "gate", "type": "crm.rolloutGate", "inputs": { "project": 1, "stage": 9 } } ],
              "connections": [ { "from": "start", "to": "gate" } ] }
            """;

        var ex = await Assert.ThrowsAsync<DefinitionInvalidException>(() =>
            host.Services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(DefinitionJson.Parse(json).Definition!, "test"));

        var problem = Assert.Single(ex.Problems);
        Assert.Equal("$.activities[1].inputs.stage", problem.Path);
    }

    private static async Task<List<string>> WaitingActivitiesAsync(RolloutScenario rollout) =>
        (await rollout.Host.Runtime.GetStateAsync(rollout.InstanceId!))!.Bookmarks
            .Where(b => b.Kind == BookmarkKind.Event).Select(b => b.ActivityId).ToList();
}
