using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>An analyst tries a lead-routing draft on the demo leads before publishing it.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RoutingWhatIfJourneyTests
{
    [Fact]
    public async Task Analyst_RunsWhatIfOnDraft_SeesManagersSideBySide()
    {
        await using var app = await AppProcess.StartAsync();
        var api = await app.ApiAsync("analyst@demo.local");
        var current = JsonNode.Parse(await api.GetStringAsync("/api/workflows/lead-routing"))!;
        var definition = current["definition"]!.AsObject();
        foreach (var rule in definition["activities"]!.AsArray().Single(a => (string?)a!["id"] == "route")!["inputs"]!["rules"]!.AsArray())
            rule!["strategy"] = "leastLoaded";
        (await api.PutAsync("/api/workflows/lead-routing", JsonContent.Create(definition))).EnsureSuccessStatusCode();
        await using var session = await Chromium.SignInAsync(app, "analyst@demo.local");
        var page = session.Page;

        await page.GotoAsync(app.BaseUrl + "/workflows/lead-routing");
        await Chromium.InteractiveAsync(page);
        await page.ClickAsync("[data-test=what-if]");
        await Chromium.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-test=what-if-empty]")).ToBeVisibleAsync();
        await page.Locator("[data-test=days] input").FillAsync("30");
        await page.ClickAsync("[data-test=run]");

        await Assertions.Expect(page.Locator("[data-test=manager-table] tbody tr").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator("[data-test=summary-Published]")).ToContainTextAsync("assigned");
        await Assertions.Expect(page.Locator("[data-test=summary-Draft]")).ToContainTextAsync("assigned");
        await Assertions.Expect(page.Locator("[data-test=version-problem]")).ToHaveCountAsync(0);
        Assert.NotEqual("0", await page.Locator("[data-test=leads-replayed]").InnerTextAsync());
        // The chart draws once it has measured its width.
        await Assertions.Expect(page.Locator("[data-test=manager-chart] svg path").First).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "routing-what-if");
        await page.Locator("[data-test=manager-table]").ScrollIntoViewIfNeededAsync();
        await Chromium.ScreenshotAsync(page, "routing-what-if-managers");
        await page.Locator("[data-test=changes]").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator("[data-test=changes] [data-test=draft-owner]").First).ToContainTextAsync("rule ");
        await Chromium.ScreenshotAsync(page, "routing-what-if-changes");
        await page.SetViewportSizeAsync(800, 1100);
        await page.Locator("[data-test=summary]").ScrollIntoViewIfNeededAsync();
        await Assertions.Expect(page.Locator("[data-test=summary-Draft] [data-test=rules]")).ToContainTextAsync("standard");
        await Chromium.ScreenshotAsync(page, "routing-what-if-tablet");
    }
}
