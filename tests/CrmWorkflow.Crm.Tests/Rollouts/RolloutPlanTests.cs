using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Rollouts;
using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Crm.Tests.Rollouts;

public sealed class RolloutPlanTests
{
    [Fact]
    public async Task Create_FromMethodology_LaysOutPhasesStagesChecklistGatesKpisAndStartsTheWorkflow()
    {
        await using var rollout = await RolloutScenario.StartAsync();

        var view = await rollout.ViewAsync();

        Assert.Equal([RolloutStatus.InProgress, RolloutStatus.NotStarted, RolloutStatus.NotStarted], view.Phases.Select(p => p.Status));
        Assert.Equal(7, view.Stages.Count);
        Assert.Equal(new DateOnly(2026, 11, 23), view.Stages[0].PlannedStart);
        Assert.Equal(new DateOnly(2027, 5, 31), view.Stages[5].PlannedEnd);
        Assert.All(view.Stages.Zip(view.Stages.Skip(1)), pair => Assert.True(pair.First.PlannedEnd <= pair.Second.PlannedStart));
        Assert.Equal(Enumerable.Range(1, 10), view.Checklist.Select(i => i.Number));
        Assert.All(view.Checklist, i => Assert.True(i.Required && !i.Done && i.Owner is not null));
        Assert.Equal(view.Stages[3].PlannedEnd, view.Checklist.Single(i => i.Number == 9).DueOn);
        Assert.Equal(7, view.Gates.Count);
        Assert.Equal("checklist items 1, 2, 6 done", view.Gates[0].Criteria);
        Assert.Equal(["Pilot user adoption", "User adoption", "TCO", "ROI"], view.Kpis.Select(k => k.Name));
        Assert.Equal(25m, view.Kpis.Single(k => k.Name == "ROI").Target);
        Assert.NotEmpty(view.Risks);
        var instance = await rollout.Host.Runtime.GetStateAsync(rollout.InstanceId!);
        Assert.Equal(WorkflowStatus.Suspended, instance!.Status);
        Assert.Equal(["stage1"], await rollout.OpenTaskActivitiesAsync());
    }

    [Theory]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(40)]
    [InlineData(365)]
    public void PlannedDates_AnySpan_GiveEveryStageBeforeGoLiveAtLeastADayInOrder(int days)
    {
        var start = new DateOnly(2027, 1, 1);

        var plan = RolloutPlan.PlannedDates(start, start.AddDays(days));

        Assert.Equal(7, plan.Count);
        Assert.Equal(start, plan[0].Start);
        Assert.Equal(start.AddDays(days), plan[5].End);
        Assert.All(plan, p => Assert.True(p.End > p.Start));
        Assert.All(plan.Zip(plan.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
    }
}
