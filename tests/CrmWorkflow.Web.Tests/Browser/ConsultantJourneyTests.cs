using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>A consultant runs a rollout in a real browser against the real app and the shipped crm-rollout workflow.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ConsultantJourneyTests
{
    // A project whose stage 1 was submitted to its gate with items 1 and 2 done: only item 6 holds the gate.
    private static async Task<long> ProjectAtGateOneAsync(AppProcess app)
    {
        using var http = await app.ApiAsync("consultant@demo.local");
        var created = await http.PostAsJsonAsync("/api/rollouts", new { name = "Browser rollout", organisation = "Journey Ltd", targetGoLive = "2027-09-30" });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
        foreach (var item in new[] { 1, 2 })
            (await http.PostAsJsonAsync($"/api/rollouts/{id}/checklist/{item}/complete", new { evidence = $"Minutes of workshop {item}" })).EnsureSuccessStatusCode();
        var tasks = (await http.GetFromJsonAsync<JsonObject>("/api/tasks"))!["items"]!.AsArray();
        var stage1 = tasks.First(t => t!["title"]!.GetValue<string>().StartsWith("Browser rollout: stage 1"))!["id"]!.GetValue<string>();
        (await http.PostAsJsonAsync($"/api/tasks/{stage1}/complete", new { outcome = "submitToGate" })).EnsureSuccessStatusCode();
        return id;
    }

    [Fact]
    public async Task Consultant_TicksLastRequiredItem_SeesTheGateOpen()
    {
        await using var app = await AppProcess.StartAsync();
        var id = await ProjectAtGateOneAsync(app);
        await using var session = await Chromium.SignInAsync(app, "consultant@demo.local");
        var page = session.Page;
        await page.WaitForURLAsync(url => url.EndsWith("/rollouts"));
        await page.GetByRole(AriaRole.Link, new() { Name = "Browser rollout" }).ClickAsync();
        // Navigation inside the app changes the address without loading a page.
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/rollouts/{id}$"));

        await Chromium.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-test=gate-1]")).ToHaveTextAsync("Pending");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "open checklist items 6" })).ToBeVisibleAsync();
        // Evidence is required.
        await page.ClickAsync("[data-test=complete-6]");
        await Assertions.Expect(page.Locator("[data-test=error]")).ToContainTextAsync("evidence", new() { IgnoreCase = true });
        await page.FillAsync("[data-test=evidence-6]", "Board decision of 2026-11-20");
        await page.ClickAsync("[data-test=complete-6]");

        await Assertions.Expect(page.Locator("[data-test=gate-1]")).ToHaveTextAsync("Passed");
        await Assertions.Expect(page.Locator("[data-test=done-6]")).ToContainTextAsync("Board decision");
        await Chromium.ScreenshotAsync(page, "rollout-gate-open");
    }

    [Fact]
    public async Task Consultant_FollowsAProject_SeesPlanKpiTrendAndPreviewsTheReport()
    {
        await using var app = await AppProcess.StartAsync();
        var id = await ProjectAtGateOneAsync(app);
        using (var http = await app.ApiAsync("consultant@demo.local"))
        {
            var kpi = (await http.GetFromJsonAsync<JsonObject>($"/api/rollouts/{id}"))!["kpis"]!.AsArray().First()!["id"]!.GetValue<long>();
            foreach (var value in new[] { 20, 35 })
                (await http.PostAsJsonAsync($"/api/rollouts/{id}/kpis", new { kpiId = kpi, value })).EnsureSuccessStatusCode();
        }
        await using var session = await Chromium.SignInAsync(app, "consultant@demo.local");
        var page = session.Page;
        await page.WaitForURLAsync(url => url.EndsWith("/rollouts"));
        // The portfolio compares every project's TCO and ROI with its target.
        await Assertions.Expect(page.Locator("[data-test=tco-chart] svg").First).ToBeVisibleAsync();
        await page.GotoAsync($"{app.BaseUrl.TrimEnd('/')}/rollouts/{id}");
        await Chromium.InteractiveAsync(page);

        // Stage 1 waits at its gate for item 6.
        await Assertions.Expect(page.Locator("[data-test=stage-1]")).ToContainTextAsync("Blocked");
        await Assertions.Expect(page.Locator("[data-test=stage-1]")).ToContainTextAsync("checklist 2/3");
        await Assertions.Expect(page.Locator("[data-test=phase-1]")).ToContainTextAsync("Stage 2.");
        await Assertions.Expect(page.Locator("[data-test=kpi-trends] svg").First).ToBeVisibleAsync();
        await page.ClickAsync("[data-test=preview-report]");
        var report = page.FrameLocator("[data-test=report-frame]");
        await Assertions.Expect(report.Locator("h1")).ToHaveTextAsync("Browser rollout");

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-test=download-report]"));
        Assert.Matches($"^rollout-{id}-status-\\d{{4}}-\\d{{2}}-\\d{{2}}\\.html$", download.SuggestedFilename);
        await Chromium.ScreenshotAsync(page, "rollout-project");
    }
}
