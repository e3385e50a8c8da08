using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>Service staff work a complaint in a real browser against the real app and its shipped workflows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ServiceJourneyTests
{
    private static async Task<long> FileComplaintAsync(AppProcess app)
    {
        using var http = await app.ApiAsync("admin@demo.local");
        var response = await http.PostAsJsonAsync("/api/complaints", new
        {
            customerId = 1, channel = "phone", category = "Billing", severity = "high", description = "Charged twice for one order.",
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<long>();
    }

    [Fact]
    public async Task ServiceUser_MovesComplaintToWaitingOnCustomer_SeesTheSlaPaused()
    {
        await using var app = await AppProcess.StartAsync();
        var id = await FileComplaintAsync(app);
        await using var session = await Chromium.SignInAsync(app, "admin@demo.local");
        var page = session.Page;

        await page.GotoAsync($"{app.BaseUrl}/complaints");
        // The list shows the open complaints, the most urgent first (the demo data has overdue ones).
        await Assertions.Expect(page.Locator(".rz-data-row").First).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "complaints-list");
        await page.GotoAsync($"{app.BaseUrl}/complaints/{id}");
        await Chromium.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-test=sla-state]")).ToHaveTextAsync("on track");
        await Chromium.ScreenshotAsync(page, "complaint-on-track");

        await page.FillAsync("[data-test=status-note]", "Asked for the delivery note; answer by Friday.");
        await page.ClickAsync("[data-test=wait]");

        await Assertions.Expect(page.Locator("[data-test=status]")).ToHaveTextAsync("waitingOnCustomer");
        await Assertions.Expect(page.Locator("[data-test=sla-state]")).ToHaveTextAsync("paused");
        await Assertions.Expect(page.Locator("[data-test=paused]")).ToContainTextAsync("since");
        await Assertions.Expect(page.Locator("[data-test=resume]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=countdown]")).ToHaveTextAsync("paused");
        await Assertions.Expect(page.Locator("[data-test=timeline-entry]", new() { HasText = "Waiting on the customer" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=timeline-entry]", new() { HasText = "Asked for the delivery note; answer by Friday." })).ToContainTextAsync("by ");
        await Assertions.Expect(page.Locator("[data-test=status-note]")).ToHaveValueAsync("");
        await Chromium.ScreenshotAsync(page, "complaint-paused");
    }

    [Fact]
    public async Task ServiceUser_EscalatesWithAReason_SeesTheLevelAndTheTimeline()
    {
        await using var app = await AppProcess.StartAsync();
        var id = await FileComplaintAsync(app);
        await using var session = await Chromium.SignInAsync(app, "admin@demo.local");
        var page = session.Page;
        await page.GotoAsync($"{app.BaseUrl}/complaints/{id}");
        await Chromium.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-test=countdown]")).ToContainTextAsync("left");

        await page.ClickAsync("[data-test=escalate]");
        await page.ClickAsync("[data-test=escalate-confirm]");
        await Assertions.Expect(page.Locator("[data-test=error]")).ToContainTextAsync("reason");
        await page.FillAsync("[data-test=escalate-reason]", "The customer threatens to leave.");
        await page.ClickAsync("[data-test=escalate-confirm]");

        await Assertions.Expect(page.GetByText("escalation level 1")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=timeline-entry]", new() { HasText = "Escalated" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=timeline-entry]", new() { HasText = "The customer threatens to leave." })).ToContainTextAsync("admin@demo.local");
        await Assertions.Expect(page.Locator("[data-test=escalate]")).ToHaveTextAsync("Escalate to level 2");
        await Chromium.ScreenshotAsync(page, "complaint-escalated");
    }
}
