using System.Net;
using Bunit;
using CrmWorkflow.Web.Components.Designer;
using CrmWorkflow.Web.TestRuns;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests.Designer;

/// <summary>The designer's test run panel on the real test host: start with sample input, step through a task, see the path.</summary>
public sealed class TestRunPanelTests(WebAppFixture app) : ApiTest(app)
{
    private const string Flow = """
        { "definitionId": "panel-try", "name": "Panel try",
          "inputs": [ { "name": "amount", "type": "number", "required": true } ],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "check", "type": "core.humanTask", "inputs": { "title": "Check the amount", "role": "Admin", "outcomes": ["ok", "tooHigh"] } },
            { "id": "end", "type": "core.end" } ],
          "connections": [ { "from": "start", "to": "check" }, { "from": "check", "port": "ok", "to": "end" }, { "from": "check", "port": "tooHigh", "to": "end" } ] }
        """;

    [Fact]
    public async Task Panel_BadInputThenGoodInput_StepsThroughTheTask_AndReportsThePath()
    {
        var analyst = await App.AnalystAsync();
        await (await analyst.PutJsonAsync("/api/workflows/panel-try", Flow)).ExpectAsync(HttpStatusCode.OK);
        await using var context = Components.Bunit.Context(App.Services, typeof(TestRunService));
        IReadOnlySet<string>? path = null;
        var panel = context.Render<TestRunPanel>(p => p.Add(c => c.DefinitionId, "panel-try").Add(c => c.PathChanged, (IReadOnlySet<string> ids) => path = ids));

        panel.Find("[data-test=test-start]").Click();
        panel.WaitForAssertion(() => Assert.Contains("amount", panel.Find("[data-test=test-error]").TextContent), TimeSpan.FromSeconds(20));

        panel.Find("[data-test=test-input]").Change("{ \"amount\": 250 }");
        panel.Find("[data-test=test-start]").Click();
        panel.WaitForAssertion(() => Assert.Equal("Check the amount", panel.Find("[data-test=test-task] .rz-text-subtitle2").TextContent.Trim()), TimeSpan.FromSeconds(20));
        Assert.Equal(["check", "start"], path!.Order());

        panel.Find("[data-test=test-outcome-tooHigh]").Click();
        panel.WaitForAssertion(() => Assert.StartsWith("Finished", panel.Find("[data-test=test-status]").TextContent.Trim()), TimeSpan.FromSeconds(20));
        var step = panel.Find("[data-test=test-step][data-id=check]").TextContent;
        Assert.Contains("→ tooHigh", step);
        Assert.Contains("core.humanTask", step);
        Assert.Equal(["check", "end", "start"], path!.Order());
    }

    private const string FormFlow = """
        { "definitionId": "panel-form", "name": "Panel form",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "review", "type": "core.humanTask", "name": "Review the claim", "inputs": { "title": "Review", "role": "Admin", "outcomes": ["accept"],
                "form": [ { "name": "reason", "label": "Reason", "type": "string", "required": true } ] } },
            { "id": "end", "type": "core.end" } ],
          "connections": [ { "from": "start", "to": "review" }, { "from": "review", "port": "accept", "to": "end" } ] }
        """;

    [Fact]
    public async Task TaskWithRequiredField_AsksForIt_ThenCompletes_AndTheJournalNamesEachStepWithItsTime()
    {
        var analyst = await App.AnalystAsync();
        await (await analyst.PutJsonAsync("/api/workflows/panel-form", FormFlow)).ExpectAsync(HttpStatusCode.OK);
        await using var context = Components.Bunit.Context(App.Services, typeof(TestRunService));
        IReadOnlySet<string>? waiting = null;
        var panel = context.Render<TestRunPanel>(p => p.Add(c => c.DefinitionId, "panel-form").Add(c => c.WaitingChanged, (IReadOnlySet<string> ids) => waiting = ids));

        panel.Find("[data-test=test-start]").Click();
        panel.WaitForAssertion(() => Assert.Single(panel.FindAll("[data-test=test-waiting]")), TimeSpan.FromSeconds(20));
        Assert.Equal(["review"], waiting!);
        Assert.Contains("Review the claim", panel.Find("[data-test=test-waiting]").TextContent);

        panel.Find("[data-test=test-outcome-accept]").Click();
        Assert.Equal("'Reason' is required.", panel.Find("[data-test=field-error]").TextContent.Trim());
        Assert.Single(panel.FindAll("[data-test=test-task]"));

        panel.Find("[data-test=field-reason]").Change("Looks genuine");
        panel.Find("[data-test=test-outcome-accept]").Click();
        panel.WaitForAssertion(() => Assert.Contains("Finished", panel.Find("[data-test=test-status]").TextContent), TimeSpan.FromSeconds(20));
        var steps = panel.FindAll("[data-test=test-step]");
        Assert.Equal(["start", "review", "end"], steps.Select(s => s.GetAttribute("data-id")));
        Assert.Contains("Review the claim", steps[1].TextContent);
        Assert.Matches(@"^\d\d:\d\d:\d\d$", steps[1].QuerySelector("time")!.TextContent);
        Assert.Empty(waiting!);
    }

    [Fact]
    public async Task Prepare_ThatCannotSave_ShowsWhy_AndStartsNothing()
    {
        await using var context = Components.Bunit.Context(App.Services, typeof(TestRunService));
        var panel = context.Render<TestRunPanel>(p => p.Add(c => c.DefinitionId, "never-saved")
            .Add(c => c.Prepare, () => Task.FromResult(new TestRunTarget(null, "someone else saved a newer draft."))));

        panel.Find("[data-test=test-start]").Click();

        Assert.Contains("Not started: someone else saved a newer draft.", panel.Find("[data-test=test-error]").TextContent);
        Assert.Empty(panel.FindAll("[data-test=test-status]"));
    }
}
