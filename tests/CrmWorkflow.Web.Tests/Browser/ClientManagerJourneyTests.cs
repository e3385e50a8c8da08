using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>A client manager works the inbox in a real browser against the real app and its shipped workflows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClientManagerJourneyTests
{
    // A lead routed to the demo client manager (cm-demo, manager@demo.local) by the shipped lead-routing workflow.
    internal static async Task<JsonObject> LeadForDemoManagerAsync(AppProcess app)
    {
        using var http = await app.ApiAsync("analyst@demo.local");
        for (var i = 0; i < 100; i++)
        {
            var response = await http.PostAsJsonAsync("/api/leads", new
            {
                personName = $"Browser Lead {i}", companyName = "Journey Ltd", region = "East China", industry = "Retail", size = 30, source = "Web", score = 20,
            });
            var lead = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            if (lead["managerId"]?.GetValue<string>() == "cm-demo") return lead;
        }
        throw new InvalidOperationException("No lead reached cm-demo in 100 tries.");
    }

    [Fact]
    public async Task ClientManager_CompletesFirstContactTask_TaskLeavesTheInbox()
    {
        await using var app = await AppProcess.StartAsync();
        var person = (await LeadForDemoManagerAsync(app))["personName"]!.GetValue<string>();
        await using var session = await Chromium.SignInAsync(app, "manager@demo.local");
        var page = session.Page;
        await page.WaitForURLAsync(url => url.EndsWith("/inbox"));

        await Chromium.InteractiveAsync(page);
        var row = page.Locator("tr", new() { HasText = $"First contact: {person} (Journey Ltd)" });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("[data-test=due]")).ToContainTextAsync("left");
        // The holder by name, not by the id the task stores (cm-demo).
        await Assertions.Expect(row.Locator("[data-test=held-by]")).ToHaveTextAsync("Max Manager");
        await Chromium.ScreenshotAsync(page, "inbox-with-first-contact-task");

        await row.ClickAsync();
        var dialog = page.Locator("[data-test=task-dialog]");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        // The channel is required: completing without it names the field and keeps the task.
        await dialog.Locator("[data-test=outcome-contacted]").ClickAsync();
        await Assertions.Expect(dialog.Locator("[data-test=field-error]")).ToContainTextAsync("How did you reach them?");
        await dialog.Locator("[data-test=field-channel]").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = "Phone" }).First.ClickAsync();
        await dialog.Locator("[data-test=field-notes]").FillAsync("Called, interested in a demo.");
        await Chromium.ScreenshotAsync(page, "first-contact-task-dialog");
        await dialog.Locator("[data-test=outcome-contacted]").ClickAsync();

        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "inbox-after-completing");

        // Why the lead came to this manager.
        await page.GotoAsync(app.BaseUrl + "/leads");
        await page.GetByRole(AriaRole.Link, new() { Name = $"{person} (Journey Ltd)" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=summary]")).ToContainTextAsync("chose Max Manager (cm-demo)");
        await Assertions.Expect(page.Locator("tr", new() { HasText = "cm-demo" })).ToContainTextAsync("chosen:");
        await Chromium.ScreenshotAsync(page, "lead-routing-explanation");
    }

    // A second client manager with a sign-in (no API creates users): a copy of the demo manager's
    // account linked to the generated manager cm-0001.
    private static async Task<string> ColleagueAsync(AppProcess app)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={app.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO AspNetUsers (Id, DisplayName, Queues, ClientManagerId, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed,
                PasswordHash, SecurityStamp, ConcurrencyStamp, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount)
            SELECT 'u-colleague', 'Cleo Colleague', NULL, 'cm-0001', 'colleague@demo.local', 'COLLEAGUE@DEMO.LOCAL', 'colleague@demo.local',
                'COLLEAGUE@DEMO.LOCAL', 1, PasswordHash, 'stamp-colleague', 'cs-colleague', 0, 0, 1, 0
            FROM AspNetUsers WHERE NormalizedEmail = 'MANAGER@DEMO.LOCAL';
            INSERT INTO AspNetUserRoles (UserId, RoleId) SELECT 'u-colleague', Id FROM AspNetRoles WHERE Name = 'ClientManager';
            UPDATE ClientManagers SET UserId = 'u-colleague', IsActive = 1 WHERE Id = 'cm-0001';
            SELECT Name FROM ClientManagers WHERE Id = 'cm-0001';
            """;
        return (string)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task ClientManager_InboxOpen_NewLeadTaskAppearsLive_ThenDelegatesIt()
    {
        await using var app = await AppProcess.StartAsync();
        var colleague = await ColleagueAsync(app);
        await using var session = await Chromium.SignInAsync(app, "manager@demo.local");
        var page = session.Page;
        await page.WaitForURLAsync(url => url.EndsWith("/inbox"));
        await Chromium.InteractiveAsync(page);
        await Assertions.Expect(page.Locator("[data-test=inbox]")).ToBeVisibleAsync();

        // Posted through the API while the page stays open: the workflow's new task shows up without a reload.
        var person = (await LeadForDemoManagerAsync(app))["personName"]!.GetValue<string>();
        var row = page.Locator("tr", new() { HasText = $"First contact: {person} (Journey Ltd)" });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "inbox-live-new-task");

        await row.Locator("[data-test=delegate]").ClickAsync();
        var dialog = page.Locator("[data-test=delegate-dialog]");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.Locator("[data-test=delegate-to]").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = colleague }).First.ClickAsync();
        await Chromium.ScreenshotAsync(page, "inbox-delegate-dialog");
        await dialog.Locator("[data-test=delegate-confirm]").ClickAsync();

        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(row).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync($"went to {colleague}");
        await Chromium.ScreenshotAsync(page, "inbox-after-delegating");
    }
}
