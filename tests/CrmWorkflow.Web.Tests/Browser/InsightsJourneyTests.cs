using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>An analyst reads the dashboards, a report, and asks the query builder a grouped question.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InsightsJourneyTests
{
    [Fact]
    public async Task Analyst_ReadsDashboards_GroupsCustomersByTier_AndDownloadsTheCsv()
    {
        await using var app = await AppProcess.StartAsync();
        await using var session = await Chromium.SignInAsync(app, "analyst@demo.local");
        var page = session.Page;
        // Tall enough for all five cards in the screenshot (the layout scrolls inside its body).
        await page.SetViewportSizeAsync(1280, 1800);

        await page.GotoAsync(app.BaseUrl + "/dashboards");
        await Chromium.InteractiveAsync(page);
        foreach (var (card, legend) in new[]
                 {
                     ("card-sla", "Within SLA"), ("card-funnel", "Leads"), ("card-first-contact", "Median hours"),
                     ("card-load", "Capacity"), ("card-segments", "Diamond"),
                 })
        {
            var locator = page.Locator($"[data-test={card}]");
            await Assertions.Expect(locator.Locator("svg").First).ToBeVisibleAsync();
            await Assertions.Expect(locator.Locator(".rz-legend")).ToContainTextAsync(legend);
        }
        await Assertions.Expect(page.Locator("[data-test=card-sla] [data-test=caption]")).ToContainTextAsync("within SLA");
        await Chromium.ScreenshotAsync(page, "dashboards");

        await page.GotoAsync(app.BaseUrl + "/reports?name=purchase-channels");
        await Chromium.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-test=report-title]")).ToHaveTextAsync("Orders and revenue by channel, last 12 months");
        await Assertions.Expect(page.Locator("[data-test=chart] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=report-grid] tbody")).ToContainTextAsync("Web");
        await Chromium.ScreenshotAsync(page, "report-purchase-channels");

        await page.GotoAsync(app.BaseUrl + "/reports/query");
        await Chromium.InteractiveAsync(page);
        // A value the handler refuses: its message shows under that filter; removing the filter clears it.
        await page.ClickAsync("[data-test=add-filter]");
        await page.FillAsync("[data-test=filter-0] [data-test=filter-value]", "Platinum");
        await page.ClickAsync("[data-test=run]");
        await Assertions.Expect(page.Locator("[data-test=filter-error]")).ToContainTextAsync("'\"Platinum\"' is not one of Standard, Silver, Gold, Diamond");
        await Chromium.ScreenshotAsync(page, "query-invalid-filter");
        await page.ClickAsync("[data-test=filter-0] [data-test=remove-filter]");
        await Assertions.Expect(page.Locator("[data-test=filter-error]")).ToHaveCountAsync(0);

        await page.ClickAsync("[data-test=group-by]");
        await page.GetByRole(AriaRole.Option, new() { Name = "tier", Exact = true }).ClickAsync();
        await page.ClickAsync("[data-test=run]");

        await Assertions.Expect(page.Locator("[data-test=query-total]")).ToHaveTextAsync("4 groups");
        await Assertions.Expect(page.Locator("[data-test=chart] svg").First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=chart] .rz-legend")).ToContainTextAsync("Count");
        await Assertions.Expect(page.Locator("[data-test=result-grid]")).ToContainTextAsync("Diamond");
        await Chromium.ScreenshotAsync(page, "query-by-tier");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-test=query-csv]"));
        var lines = (await File.ReadAllLinesAsync((await download.PathAsync())!)).Select(l => l.TrimStart('\uFEFF')).ToList();
        Assert.Equal("customers.csv", download.SuggestedFilename);
        Assert.Equal("tier,count", lines[0]);
        Assert.Equal(500, lines.Skip(1).Sum(l => int.Parse(l.Split(',')[1])));
    }
}
