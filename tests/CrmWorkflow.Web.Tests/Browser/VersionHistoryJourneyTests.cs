using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>An analyst brings in a changed definition file as a draft and reviews what it changes before anyone publishes it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class VersionHistoryJourneyTests
{
    [Fact]
    public async Task Analyst_ImportsChangedLeadRouting_AsDraft_AndSeesTheChangedInputInTheDiff()
    {
        await using var app = await AppProcess.StartAsync();
        // The file a colleague sends: the shipped lead routing, exported, with a tighter first-contact deadline.
        string file;
        using (var http = await app.ApiAsync("analyst@demo.local"))
        {
            var export = await http.GetAsync("/api/workflows/lead-routing/versions/1/export");
            Assert.Equal(HttpStatusCode.OK, export.StatusCode);
            file = Path.Combine(Path.GetDirectoryName(app.DatabasePath)!, "lead-routing-faster.json");
            var definition = JsonNode.Parse(await export.Content.ReadAsStringAsync())!;
            definition["activities"]!.AsArray().Single(a => a!["id"]!.GetValue<string>() == "route")!["inputs"]!["firstContactWithin"] = "PT2H";
            await File.WriteAllTextAsync(file, definition.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        await using var session = await Chromium.SignInAsync(app, "analyst@demo.local");
        var page = session.Page;
        await page.WaitForURLAsync(url => !url.Contains("/signin"));

        await page.GotoAsync(app.BaseUrl + "/workflows");
        await Chromium.InteractiveAsync(page);
        await page.ClickAsync("[data-test=import]");
        await page.Locator("[data-test=import-file]").SetInputFilesAsync(file);
        await Assertions.Expect(page.Locator("[data-test=import-summary]")).ToContainTextAsync("A new draft v2 of 'lead-routing'; v1 stays live");
        await Chromium.ScreenshotAsync(page, "workflow-import");
        await page.ClickAsync("[data-test=import-save]");

        await page.WaitForURLAsync(url => url.EndsWith("/workflows/lead-routing"));
        await Assertions.Expect(page.Locator("[data-test=draft-card]")).ToContainTextAsync("Draft v2");
        await Assertions.Expect(page.Locator("[data-test=export]")).ToHaveCountAsync(2);
        await Chromium.ScreenshotAsync(page, "workflow-versions-compare");
        await Chromium.InteractiveAsync(page);
        await page.ClickAsync("[data-test=compare]");

        await page.WaitForURLAsync(url => url.Contains("/workflows/lead-routing/diff?from=1&to=2"));
        var input = page.Locator("[data-test=diff-activity][data-id=route] [data-test=diff-value][data-name='inputs.firstContactWithin']");
        await Assertions.Expect(input.Locator("[data-test=diff-old]")).ToHaveTextAsync("\"PT4H\"");
        await Assertions.Expect(input.Locator("[data-test=diff-new]")).ToHaveTextAsync("\"PT2H\"");
        await Assertions.Expect(page.Locator("[data-test=diff-activity]")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-test=json-row][data-kind=Changed]").Filter(new() { HasText = "PT2H" })).ToHaveCountAsync(1);
        await Chromium.ScreenshotAsync(page, "workflow-diff");
        await page.SetViewportSizeAsync(800, 1200);
        await Chromium.ScreenshotAsync(page, "workflow-diff-tablet");
        // Import never publishes: the live version is still v1.
        using var check = await app.ApiAsync("analyst@demo.local");
        Assert.Contains("\"status\":\"published\"", (await check.GetStringAsync("/api/workflows/lead-routing?version=1")).Replace(" ", ""));
        Assert.Contains("\"status\":\"draft\"", (await check.GetStringAsync("/api/workflows/lead-routing?version=2")).Replace(" ", ""));
    }
}
