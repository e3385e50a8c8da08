using Bunit;
using CrmWorkflow.Crm.Features.Rollouts;
using CrmWorkflow.Web.Components.Pages.Rollouts;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests.Components;

/// <summary>The rollout project's ten-point checklist: evidence is required, a done item shows it.</summary>
public sealed class RolloutChecklistTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Done_WithoutEvidence_SaysItIsRequired_ThenWithEvidenceShowsIt()
    {
        var consultant = await App.ConsultantAsync();
        var created = await (await consultant.PostJsonAsync("/api/rollouts", """
            { "name": "Checklist test", "organisation": "Contoso", "targetGoLive": "2027-06-30", "budget": 100000, "tcoTarget": 120000, "roiTargetPercent": 20 }
            """)).ExpectAsync(System.Net.HttpStatusCode.Created);
        await using var context = Bunit.Context(App.Services, typeof(GetRolloutHandler), typeof(CompleteChecklistItemHandler), typeof(RolloutStatusReportHandler));
        context.AddAuthorization().SetAuthorized("consultant@demo.local").SetRoles("Consultant");
        var page = context.Render<RolloutProject>(p => p.Add(r => r.Id, created!["id"]!.GetValue<long>()));
        page.WaitForElement("[data-test=complete-1]", TimeSpan.FromSeconds(10));

        page.Find("[data-test=complete-1]").Click();
        page.WaitForAssertion(() => Assert.Contains("Evidence is required", page.Find("[data-test=error]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Empty(page.FindAll("[data-test=done-1]"));

        page.Find("[data-test=evidence-1]").Change("Needs analysis signed off 2026-11-20");
        page.Find("[data-test=complete-1]").Click();

        page.WaitForAssertion(() => Assert.Contains("Needs analysis signed off", page.Find("[data-test=done-1]").TextContent), TimeSpan.FromSeconds(10));
        Assert.Contains("consultant@demo.local", page.Find("[data-test=done-1]").TextContent);
    }
}
