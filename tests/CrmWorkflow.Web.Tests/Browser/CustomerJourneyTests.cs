using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>A client manager finds a customer, reads the 360 and logs a contact on a lead, in a real browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class CustomerJourneyTests
{
    [Fact]
    public async Task ClientManager_SearchesOpens360AndLogsLeadContact_SeesTierTimelineAndTheContact()
    {
        await using var app = await AppProcess.StartAsync();
        var lead = await ClientManagerJourneyTests.LeadForDemoManagerAsync(app);
        using var api = await app.ApiAsync("manager@demo.local");
        var customer = (await api.GetFromJsonAsync<JsonObject>("/api/customers?pageSize=1"))!["items"]![0]!;
        var name = customer["name"]!.GetValue<string>();
        await using var session = await Chromium.SignInAsync(app, "manager@demo.local");
        var page = session.Page;
        await page.WaitForURLAsync(url => url.EndsWith("/inbox"));
        await Chromium.InteractiveAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Customers" }).ClickAsync();
        await page.WaitForURLAsync(url => url.EndsWith("/customers"));
        await page.Locator("[data-test=customer-search]").FillAsync(name[..Math.Min(6, name.Length)]);
        await page.Locator("[data-test=customer-search-go]").ClickAsync();
        var row = page.Locator("[data-test=customers] tbody tr", new() { HasText = name });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator("[data-test=tier]")).ToHaveTextAsync(customer["tier"]!.GetValue<string>());
        await Chromium.ScreenshotAsync(page, "customers-search");

        await row.GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=customer-name]")).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator("[data-test=tier]").First).ToHaveTextAsync(customer["tier"]!.GetValue<string>());
        await Assertions.Expect(page.Locator("[data-test=timeline] [data-test=interaction]").First).ToBeVisibleAsync();
        // The spend chart draws once the circuit measured it.
        await Assertions.Expect(page.Locator("[data-test=purchases] svg").First).ToBeVisibleAsync();
        await page.SetViewportSizeAsync(1280, 1900);
        await Chromium.ScreenshotAsync(page, "customer-360");
        await page.SetViewportSizeAsync(800, 2400);
        await Chromium.ScreenshotAsync(page, "customer-360-tablet");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GotoAsync($"{app.BaseUrl}/leads/{lead["id"]}");
        await Chromium.InteractiveAsync(page);
        var contacts = page.Locator("[data-test=lead-contacts]");
        // Saving without a summary says what is missing, at the field.
        await contacts.Locator("[data-test=contact-save]").ClickAsync();
        await Assertions.Expect(contacts.Locator("[data-test=field-error]")).ToContainTextAsync("Say what was said");
        await contacts.Locator("[data-test=contact-summary]").FillAsync("Called; they want a quote by Friday.");
        await contacts.Locator("[data-test=contact-save]").ClickAsync();
        await Assertions.Expect(contacts.Locator("[data-test=contacts] tbody tr", new() { HasText = "they want a quote by Friday" })).ToContainTextAsync("reached");
        await Assertions.Expect(page.Locator("[data-test=lead-status]")).ToHaveTextAsync("Contacted");
        await page.SetViewportSizeAsync(1280, 1300);
        await Chromium.ScreenshotAsync(page, "lead-contact-logged");
    }
}
