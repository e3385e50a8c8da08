using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>An analyst handles a faulted instance in a real browser against the real app.</summary>
[Collection(BrowserCollection.Name)]
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
        using var http = await app.ApiAsync("analyst@demo.local");
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
        await using var session = await Chromium.SignInAsync(app, "analyst@demo.local");
        var page = session.Page;
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
