using CrmWorkflow.Web.Tests.Support;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>A workflow notifies a client manager in the app: the bell counts it, the messages page shows it and marks it read.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MessagesJourneyTests
{
    // An analyst's workflow that tells the demo manager about an SLA warning in the app.
    private const string Definition = """
        { "definitionId": "tell-manager", "name": "Tell the manager in the app",
          "inputs": [ { "name": "complaintId", "type": "number" } ],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "tell", "type": "crm.notify", "inputs": {
                "template": "sla-warning", "channel": "inApp", "to": "manager@demo.local",
                "model": { "expr": "{ assignee: { name: 'Max' }, complaint: { id: input.complaintId, customerName: 'Fang Trading', severity: 'high' }, resolutionDueAt: now, elapsedShare: 0.8 }" },
                "relatedType": "Complaint", "relatedId": { "expr": "input.complaintId" } } } ],
          "connections": [ { "from": "start", "to": "tell" } ] }
        """;

    [Fact]
    public async Task ClientManager_NotifiedInTheApp_SeesCountReadsMessagesAndCountGoes()
    {
        await using var app = await AppProcess.StartAsync();
        using (var analyst = await app.ApiAsync("analyst@demo.local"))
        {
            await analyst.PublishAsync("tell-manager", Definition);
            await analyst.StartAsync("tell-manager", new { complaintId = 7001 });
            await analyst.StartAsync("tell-manager", new { complaintId = 7002 });
        }
        await using var session = await Chromium.SignInAsync(app, "manager@demo.local");
        var page = session.Page;

        var count = page.Locator("[data-test=notification-count]");
        await Assertions.Expect(count).ToHaveTextAsync("2");
        await page.Locator("[data-test=notification-bell]").ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/notifications"));
        await Chromium.InteractiveAsync(page);
        var messages = page.Locator("[data-test=message]");
        await Assertions.Expect(messages).ToHaveCountAsync(2);
        // Newest first.
        await Assertions.Expect(messages.First.Locator("[data-test=message-subject]")).ToHaveTextAsync("SLA warning: complaint 7002");
        await Assertions.Expect(messages.First.Locator("[data-test=message-text]")).ToContainTextAsync("has used 80 % of its resolution time");
        await Chromium.ScreenshotAsync(page, "messages");

        await messages.Nth(1).Locator("[data-test=mark-read]").ClickAsync();
        await Assertions.Expect(count).ToHaveTextAsync("1");
        await Assertions.Expect(messages.Nth(1).Locator("[data-test=mark-read]")).ToHaveCountAsync(0);
        await page.Locator("[data-test=mark-all-read]").ClickAsync();
        await Assertions.Expect(count).ToHaveCountAsync(0);
        await page.Locator("[data-test=unread-only]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=no-messages]")).ToContainTextAsync("Nothing unread.");

        // A message opens the record it is about.
        await page.Locator("[data-test=unread-only]").ClickAsync();
        await Assertions.Expect(messages).ToHaveCountAsync(2);
        await messages.First.Locator("[data-test=message-open]").ClickAsync();
        // A page change inside the app: no load event follows, so wait for the address itself.
        await page.WaitForURLAsync(url => url.EndsWith("/complaints/7002"), new() { WaitUntil = WaitUntilState.Commit });
    }
}
