using CrmWorkflow.Tests.Shared;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>An SMS fails while the gateway is down; an admin finds it in the outbox with the reason and sends it again once the gateway is back.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OutboxJourneyTests
{
    private const string Definition = """
        { "definitionId": "text-manager", "name": "Text the manager",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "text", "type": "crm.notify", "inputs": {
                "template": "sla-warning", "channel": "sms", "to": "+4915112345678",
                "model": { "expr": "{ assignee: { name: 'Max' }, complaint: { id: 7003, customerName: 'Fang Trading', severity: 'high' }, resolutionDueAt: now, elapsedShare: 0.8 }" },
                "relatedType": "Complaint", "relatedId": "7003" } } ],
          "connections": [ { "from": "start", "to": "text" } ] }
        """;

    [Fact]
    public async Task Admin_SmsFailedWhileGatewayDown_SeesWhyAndSendsItAgain()
    {
        var gatewayPort = TestHttpServer.FreePort();
        await using var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Messaging__Sms__Url"] = $"http://127.0.0.1:{gatewayPort}/sms",
            ["Workflow__Http__AllowedHosts__0"] = "127.0.0.1",
            ["Messaging__MaxAttempts"] = "1",
        });
        using (var analyst = await app.ApiAsync("analyst@demo.local"))
        {
            await analyst.PublishAsync("text-manager", Definition);
            await analyst.StartAsync("text-manager", new { });
        }
        await using var session = await Chromium.SignInAsync(app, "admin@demo.local");
        var page = session.Page;

        // The sender tries once (nothing listens on the gateway's port) and gives up.
        var row = page.Locator("[data-test=outbox] tr", new() { Has = page.Locator("[data-test=message-subject]", new() { HasText = "SLA warning: complaint 7003" }) });
        for (var i = 0; i < 20 && await row.Locator("[data-test=message-status]", new() { HasText = "Failed" }).CountAsync() == 0; i++)
        {
            await page.GotoAsync(app.BaseUrl + "/outbox");
            await Chromium.InteractiveAsync(page);
            await page.WaitForTimeoutAsync(500);
        }
        await Assertions.Expect(row.Locator("[data-test=message-status]")).ToHaveTextAsync("Failed");
        await Assertions.Expect(row.Locator("[data-test=message-error]")).ToContainTextAsync("refused");
        await Assertions.Expect(page.Locator("[data-test=failed-count]")).ToHaveTextAsync("1 failed");
        await Chromium.ScreenshotAsync(page, "outbox-failed");
        // What the customer would get.
        await row.Locator("[data-test=message-subject]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=message-body]")).ToContainTextAsync("complaint 7003 from Fang Trading (high) has used 80 %");
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator("[data-test=message-body]")).ToHaveCountAsync(0);

        // The gateway is back; the admin sends the message again.
        await using var gateway = new TestHttpServer(gatewayPort).Respond(202);
        await row.Locator("[data-test=retry]").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("Queued again");

        for (var i = 0; i < 60 && gateway.Requests.IsEmpty; i++) await Task.Delay(500);
        Assert.Contains("\"to\":\"+4915112345678\"", Assert.Single(gateway.Requests).Body);
        for (var i = 0; i < 20 && await row.Locator("[data-test=message-status]", new() { HasText = "Sent" }).CountAsync() == 0; i++)
        {
            await page.ReloadAsync();
            await Chromium.InteractiveAsync(page);
            await page.WaitForTimeoutAsync(500);
        }
        await Assertions.Expect(row.Locator("[data-test=message-status]")).ToHaveTextAsync("Sent");
        await Assertions.Expect(row.Locator("[data-test=retry]")).ToHaveCountAsync(0);
    }
}
