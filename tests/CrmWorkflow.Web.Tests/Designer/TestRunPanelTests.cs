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
        Assert.Contains("check (core.humanTask → tooHigh)", panel.Find("[data-test=test-path]").TextContent);
        Assert.Equal(["check", "end", "start"], path!.Order());
    }
}
