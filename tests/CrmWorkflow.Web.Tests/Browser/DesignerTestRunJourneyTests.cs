using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>An analyst tries a workflow from its designer: sample input, the path lit on the canvas, a task stepped through, the journal beside it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DesignerTestRunJourneyTests
{
    private const string Flow = """
        { "definitionId": "expense-check", "name": "Check an expense",
          "inputs": [ { "name": "amount", "type": "number", "required": true } ],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "note", "type": "core.setVariable", "name": "Note the stage", "inputs": { "variable": "stage", "value": "checking" } },
            { "id": "review", "type": "core.humanTask", "name": "Review the expense", "inputs": { "title": "Review the expense", "role": "Analyst",
                "outcomes": ["approve", "reject"], "form": [ { "name": "notes", "label": "Notes", "type": "text", "required": true } ] } },
            { "id": "end", "type": "core.end" } ],
          "connections": [ { "from": "start", "to": "note" }, { "from": "note", "to": "review" },
            { "from": "review", "port": "approve", "to": "end" }, { "from": "review", "port": "reject", "to": "end" } ] }
        """;

    private static ILocator Node(IPage page, string id) => page.Locator($"g[data-test=node][data-id='{id}']");

    private static ILocator Tab(IPage page, string text) => page.Locator("[data-test=side-tabs]").GetByText(text, new() { Exact = true });

    [Fact]
    public async Task Analyst_TestRunsTheDrawing_SeesThePathLit_CompletesTheTask_AndReadsTheJournal()
    {
        await using var app = await AppProcess.StartAsync();
        using var http = await app.ApiAsync("analyst@demo.local");
        (await http.PutAsync("/api/workflows/expense-check", new StringContent(Flow, Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        await using var session = await Chromium.SignInAsync(app, "analyst@demo.local", new ViewportSize { Width = 1280, Height = 900 });
        var page = session.Page;
        await page.GotoAsync(app.BaseUrl + "/workflows/expense-check/design");
        await Chromium.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-test=node]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-test=what-if]")).ToHaveCountAsync(0);

        // An unsaved change: the run must be of the drawing, so starting it saves the draft first.
        await page.ClickAsync("[data-test=auto-layout]");
        await Assertions.Expect(page.Locator("[data-test=save-state]")).ToHaveTextAsync("unsaved changes");
        await Tab(page, "Test run").ClickAsync();
        await page.FillAsync("[data-test=test-input]", """{ "amount": 120 }""");
        await page.ClickAsync("[data-test=test-start]");
        await Assertions.Expect(page.Locator("[data-test=save-state]")).ToHaveTextAsync("draft v1 saved");
        await Assertions.Expect(page.Locator("[data-test=test-status]")).ToContainTextAsync("Suspended");

        // Passed and waiting, lit apart; the journal lists the steps by name.
        await Assertions.Expect(page.Locator("g.flow-lit")).ToHaveCountAsync(3);
        await Assertions.Expect(page.Locator("g.flow-waiting")).ToHaveCountAsync(1);
        await Assertions.Expect(Node(page, "review")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("flow-waiting"));
        await Assertions.Expect(page.Locator("[data-test=test-step]")).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-test=test-waiting]")).ToContainTextAsync("Review the expense");
        await Assertions.Expect(page.Locator("[data-test=test-legend]")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "designer-test-run-waiting");

        // On a tablet held upright (the menu closes by itself at that width) the journal still sits beside the canvas.
        await page.SetViewportSizeAsync(820, 1180);
        await page.WaitForFunctionAsync("document.querySelector('.rz-sidebar').getBoundingClientRect().width < 2");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "The designer is wider than a tablet.");
        await Chromium.ScreenshotAsync(page, "designer-test-run-tablet");
        await page.SetViewportSizeAsync(1280, 900);
        await page.WaitForFunctionAsync("document.querySelector('.rz-sidebar').getBoundingClientRect().width > 200");

        // The task's form asks for its required field, then the outcome moves the run on.
        await page.ClickAsync("[data-test=test-outcome-approve]");
        await Assertions.Expect(page.Locator("[data-test=field-error]")).ToHaveTextAsync("'Notes' is required.");
        await page.FillAsync("[data-test=field-notes]", "Receipt attached.");
        await page.ClickAsync("[data-test=test-outcome-approve]");
        await Assertions.Expect(page.Locator("[data-test=test-status]")).ToContainTextAsync("Finished");
        await Assertions.Expect(page.Locator("[data-test=test-step]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-test=test-step][data-id=review]")).ToContainTextAsync("→ approve");
        await Assertions.Expect(page.Locator("g.flow-lit")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("g.flow-waiting")).ToHaveCountAsync(0);

        // A step of the journal selects its activity, the run stays beside it.
        await page.ClickAsync("[data-test=test-step][data-id=note]");
        await Assertions.Expect(Node(page, "note")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("flow-selected"));
        await Assertions.Expect(page.Locator("[data-test=test-run]")).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "designer-test-run-finished");

        // Elsewhere the highlight goes; back on the tab it returns, until the drawing changes.
        await Tab(page, "Activity").ClickAsync();
        await Assertions.Expect(page.Locator("g.flow-lit")).ToHaveCountAsync(0);
        await Tab(page, "Test run").ClickAsync();
        await Assertions.Expect(page.Locator("g.flow-lit")).ToHaveCountAsync(4);
        await page.ClickAsync("[data-test=auto-layout]");
        await Assertions.Expect(page.Locator("g.flow-lit")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=test-stale]")).ToBeVisibleAsync();
        await page.ClickAsync("[data-test=undo]");
        await Assertions.Expect(page.Locator("g.flow-lit")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-test=save-state]")).ToHaveTextAsync("draft v1 saved");

        // Nothing ran live.
        var instances = await http.GetFromJsonAsync<JsonObject>("/api/instances?definitionId=expense-check");
        Assert.Equal(0, instances!["total"]!.GetValue<int>());

        // The version's page has the same panel, lighting its own diagram.
        await page.GotoAsync(app.BaseUrl + "/workflows/expense-check/versions/1");
        await Chromium.InteractiveAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "Test run" }).ClickAsync();
        await page.FillAsync("[data-test=test-input]", """{ "amount": 80 }""");
        await page.ClickAsync("[data-test=test-start]");
        await Assertions.Expect(page.Locator("g.flow-waiting")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-test=test-waiting]")).ToContainTextAsync("Review the expense");
        await Chromium.ScreenshotAsync(page, "version-test-run");

        // Lead routing's designer offers its what-if.
        await page.GotoAsync(app.BaseUrl + "/workflows/lead-routing/design");
        await Chromium.InteractiveAsync(page);
        await page.ClickAsync("[data-test=what-if]");
        await page.WaitForURLAsync(url => url.EndsWith("/workflows/lead-routing/what-if"), new() { WaitUntil = WaitUntilState.Commit });
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Routing what-if");
    }
}
