using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>An analyst handles a faulted instance in a real browser against the real app.</summary>
public sealed class AnalystJourneyTests
{
    private const string Welcome = """
        { "definitionId": "welcome-customer", "name": "Welcome a customer",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "welcome", "type": "crm.notify", "inputs": { "template": "welcome-note", "to": "new.customer@example.com",
                "model": { "expr": "{ name: 'Ada' }" } } }
          ],
          "connections": [ { "from": "start", "to": "welcome" } ] }
        """;

    // An instance that faulted because its message template does not exist yet.
    private static async Task<string> FaultedInstanceAsync(AppProcess app)
    {
        using var http = new HttpClient { BaseAddress = new Uri(app.BaseUrl) };
        var login = await http.PostAsJsonAsync("/api/auth/login", new { email = "analyst@demo.local", password = "Demo!2026" });
        login.EnsureSuccessStatusCode();
        http.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>());
        (await http.PutAsync("/api/workflows/welcome-customer", new StringContent(Welcome, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await http.PostAsync("/api/workflows/welcome-customer/publish", null)).EnsureSuccessStatusCode();
        var started = await http.PostAsJsonAsync("/api/workflows/welcome-customer/instances", new { input = new { } });
        started.EnsureSuccessStatusCode();
        var instance = (await started.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Faulted", instance["status"]!.GetValue<string>());
        return instance["id"]!.GetValue<string>();
    }

    [Fact]
    public async Task Analyst_OpensFaultedInstance_FixesTheCauseAndRetries()
    {
        await using var app = await AppProcess.StartAsync();
        var id = await FaultedInstanceAsync(app);
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();
        await page.GotoAsync(app.BaseUrl + "/signin");
        await page.FillAsync("#email", "analyst@demo.local");
        await page.FillAsync("#password", "Demo!2026");
        await page.ClickAsync("#signin");
        await page.WaitForURLAsync(url => url.EndsWith("/instances"));

        await page.GotoAsync(app.BaseUrl + "/instances?status=Faulted");
        await Chromium.InteractiveAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = id }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=incident]")).ToContainTextAsync("welcome-note");
        await Assertions.Expect(page.Locator("[data-test=instance-status]")).ToHaveTextAsync("Faulted");
        await Chromium.ScreenshotAsync(page, "instance-faulted");

        // The cause: the template was missing. Add it, then retry.
        await File.WriteAllTextAsync(Path.Combine(app.TemplatesFolder, "welcome-note.scriban"),
            "{{- subject = \"Welcome, \" + name -}}\nDear {{ name }}, welcome aboard.\n");
        await Chromium.InteractiveAsync(page);
        await page.ClickAsync("[data-test=retry]");

        await Assertions.Expect(page.Locator("[data-test=instance-status]")).ToHaveTextAsync("Finished");
        await Assertions.Expect(page.Locator("[data-test=incident]")).ToContainTextAsync("retried");
        await Assertions.Expect(page.Locator("[data-test=retry]")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "instance-retried");
    }
}
