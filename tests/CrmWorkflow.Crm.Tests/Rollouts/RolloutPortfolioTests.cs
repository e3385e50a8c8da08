using CrmWorkflow.Crm.Features.Rollouts;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Rollouts;

public sealed class RolloutPortfolioTests
{
    [Fact]
    public async Task List_BlockedGateAndOverdueItem_ShowWhyAndHowMany()
    {
        await using var rollout = await RolloutScenario.StartAsync();
        await rollout.CompleteItemAsync(1);
        await rollout.CompleteItemAsync(2);
        await rollout.SubmitStageAsync(1);
        rollout.Host.Clock.Advance(TimeSpan.FromDays(30));
        var portfolio = rollout.Host.Services.GetRequiredService<ListRolloutsHandler>();

        var summary = Assert.Single(await portfolio.HandleAsync());

        Assert.True(summary.Blocked);
        Assert.Contains("6 (Top-management support, all-staff participation)", summary.BlockedBecause);
        Assert.Equal((1, "Analysis and specification"), (summary.CurrentStage, summary.StageName));
        Assert.Equal((2, 10, 0), (summary.ChecklistDone, summary.ChecklistTotal, summary.GatesPassed));
        Assert.Equal(1, summary.OverdueItems);
        Assert.Null(summary.Tco.OnTarget);

        await rollout.RecordAsync(RolloutMethodology.TcoKpi, 700_000);
        Assert.Equal(new Figure(700_000, 650_000, false), (await portfolio.HandleAsync())[0].Tco);
    }
}
