using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>An admin deactivates a manager after previewing the handover; an analyst checks the live lead-routing workflow.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminPagesJourneyTests
{
    [Fact]
    public async Task Admin_DeactivatesManagerAfterPreview_ManagerShowsDeactivatedAndAccountsAreHandedOver()
    {
        await using var app = await AppProcess.StartAsync();
        await using var session = await Chromium.SignInAsync(app, "admin@demo.local");
        var page = session.Page;

        await page.GotoAsync(app.BaseUrl + "/managers");
        await Chromium.InteractiveAsync(page);
        // The demo manager serves twelve corporate accounts.
        await page.Locator("[data-test=manager-search]").FillAsync("Max Manager");
        await page.ClickAsync("[data-test=search]");
        var row = page.Locator("tr", new() { Has = page.Locator("[data-test=manager-name]", new() { HasText = "Max Manager" }) });
        await Assertions.Expect(row.Locator("[data-test=account-load] [data-test=load-value]")).ToContainTextAsync("12 / 15");
        await Assertions.Expect(row.Locator("[data-test=manager-status]")).ToHaveTextAsync("Active");

        await row.Locator("[data-test=deactivate-manager]").ClickAsync();
        var dialog = page.Locator("[data-test=deactivate-dialog]");
        await Assertions.Expect(dialog.Locator("[data-test=handover-summary]")).ToContainTextAsync("of 12 account(s) would go to");
        await Assertions.Expect(dialog.Locator("[data-test=handover-to]").First).Not.ToBeEmptyAsync();
        // The dialog fades in; a screenshot before the end shows the page through it.
        await page.Locator(".rz-dialog").EvaluateAsync("d => Promise.all(d.getAnimations().map(a => a.finished))");
        await Chromium.ScreenshotAsync(page, "manager-handover-preview");

        await dialog.Locator("[data-test=deactivate-reason]").FillAsync("Left the company");
        await dialog.Locator("[data-test=confirm-deactivate]").ClickAsync();

        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("Max Manager deactivated");
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("account(s) handed over");
        await Assertions.Expect(row.Locator("[data-test=manager-status]")).ToHaveTextAsync("Deactivated");
        await Assertions.Expect(row.Locator("[data-test=account-load] [data-test=load-value]")).ToContainTextAsync("0 / 15");
        await Assertions.Expect(row.Locator("[data-test=deactivate-manager]")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "manager-deactivated");
    }

    [Fact]
    public async Task Analyst_OpensLeadRouting_SeesItPublishedAndItsJsonValid()
    {
        await using var app = await AppProcess.StartAsync();
        await using var session = await Chromium.SignInAsync(app, "analyst@demo.local");
        var page = session.Page;

        await page.GotoAsync(app.BaseUrl + "/workflows");
        await Chromium.InteractiveAsync(page);
        var row = page.Locator("tr", new() { HasText = "lead-routing" });
        await Assertions.Expect(row.Locator("[data-test=published]")).ToHaveTextAsync("v1 published");
        await Assertions.Expect(row.Locator("[data-test=draft]")).ToHaveCountAsync(0);
        await Chromium.ScreenshotAsync(page, "workflows");

        await row.Locator("[data-test=workflow-link]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=version-status]").First).ToHaveTextAsync("published · live");
        await page.Locator("[data-test=version-link]", new() { HasText = "v1" }).ClickAsync();

        await Assertions.Expect(page.Locator("[data-test=validation]")).ToContainTextAsync("Valid");
        // The diagram first: every activity a box, the routing step's ports labelled.
        await Assertions.Expect(page.Locator("[data-test=canvas] [data-test=node][data-id=route]")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-test=canvas] .flow-port", new() { HasText = "queued" })).ToHaveCountAsync(2); // route and reroute
        await Chromium.ScreenshotAsync(page, "workflow-version-diagram");
        await page.GetByRole(AriaRole.Tab, new() { Name = "JSON" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=definition-json]")).ToContainTextAsync("\"definitionId\": \"lead-routing\"");
        await Chromium.ScreenshotAsync(page, "workflow-version-json");
    }
}
