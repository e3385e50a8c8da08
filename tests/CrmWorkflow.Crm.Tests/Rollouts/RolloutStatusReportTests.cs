using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Rollouts;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Rollouts;

public sealed class RolloutStatusReportTests
{
    private const string Template = RolloutStatusReportHandler.Template;

    [Fact]
    public async Task Render_ProjectUnderWay_ShowsPhaseProgressOpenItemsKpisAndCosts()
    {
        await using var rollout = await RolloutScenario.StartAsync();
        await rollout.PassStageAsync(1);
        await rollout.CompleteItemAsync(3);
        await rollout.RecordAsync(RolloutPlan.PilotAdoptionKpi, 40);
        await rollout.RecordAsync(RolloutMethodology.TcoKpi, 480_000);
        await rollout.RecordAsync(RolloutMethodology.RoiKpi, 12);
        rollout.Host.Clock.Advance(TimeSpan.FromDays(50));

        var html = (await rollout.Host.Services.GetRequiredService<RolloutStatusReportHandler>().RenderAsync(rollout.ProjectId))!.Body;

        Assert.Contains("<h1>Head-office CRM</h1>", html);
        Assert.Contains("report of 2027-01-12", html);
        Assert.Contains("adoption phase 1 of 3, implementation stage 2 of 7", html);
        Assert.Contains("Checklist: 4 of 10 items done &middot; gates passed: 1 of 7", html);
        Assert.Contains("<li>Entry / learning: identify customers: InProgress</li><li>Familiar application: segment customers: NotStarted</li>", html);
        Assert.Contains("<li>Analysis and specification: Done (planned end 2026-12-21)</li>", html);
        Assert.Contains("Open checklist items (6)", html);
        Assert.Contains("<li>4. Overall design and project plan (stage 2, CRM expert, due 2027-01-09) <strong>overdue</strong></li>", html);
        Assert.Contains("<li>9. Parameter configuration, debugging, go-live preparation (stage 4, IT, due 2027-04-14)</li>", html);
        Assert.DoesNotContain("<li>3.", html);
        Assert.Contains("<tr><td>Pilot user adoption</td><td>60 %</td><td>40 %</td><td>not met</td></tr>", html);
        Assert.Contains("<tr><td>User adoption</td><td>80 %</td><td>- </td><td>not measured</td></tr>", html);
        Assert.Contains("<tr><td>TCO</td><td>at most 650000 </td><td>480000 </td><td>met</td></tr>", html);
        Assert.Contains("TCO 480,000 of 650,000 target (budget 500,000)", html);
        Assert.Contains("ROI 12 % against a target of 25 %", html);
    }

    [Fact]
    public async Task WeeklyReport_AfterSevenDays_IsQueuedToTheConsultantEveryWeekUntilTheProjectEnds()
    {
        await using var rollout = await RolloutScenario.StartAsync();

        await rollout.Host.AdvanceAsync(TimeSpan.FromDays(6));
        Assert.Empty(await rollout.Host.MessagesAsync(Template));

        await rollout.Host.AdvanceAsync(TimeSpan.FromDays(1));

        var first = Assert.Single(await rollout.Host.MessagesAsync(Template));
        Assert.Equal(RolloutScenario.ConsultantEmail, first.Recipient);
        Assert.Equal("Cora Consultant", first.RecipientName);
        Assert.Equal("Rollout status: Head-office CRM", first.Subject);
        Assert.True(first.IsHtml);
        Assert.Equal(("RolloutProject", rollout.ProjectId.ToString()), (first.RelatedType, first.RelatedId));
        Assert.Equal(RolloutScenario.Monday.AddDays(7), first.CreatedAt);
        Assert.Contains("report of 2026-11-30", first.Body);
        Assert.Contains("Open checklist items (10)", first.Body);
        Assert.Contains("<li>1. Needs analysis from the current business (stage 1, CRM expert, due 2026-12-21)</li>", first.Body);
        Assert.Contains("<tr><td>User adoption</td><td>80 %</td><td>- </td><td>not measured</td></tr>", first.Body);

        await rollout.Host.AdvanceAsync(TimeSpan.FromDays(7));
        Assert.Equal(2, (await rollout.Host.MessagesAsync(Template)).Count);

        for (var stage = 1; stage <= 7; stage++) await rollout.PassStageAsync(stage);
        Assert.Equal(RolloutStatus.Done, (await rollout.ViewAsync()).Status);
        await rollout.Host.AdvanceAsync(TimeSpan.FromDays(14));
        Assert.Equal(2, (await rollout.Host.MessagesAsync(Template)).Count);
    }
}
