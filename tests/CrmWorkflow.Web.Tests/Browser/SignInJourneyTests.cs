using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>Signing in to the web application in a real browser against the real app.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SignInJourneyTests
{
    [Fact]
    public async Task ClientManager_SignsIn_LandsOnTheirInbox()
    {
        await using var app = await AppProcess.StartAsync();
        var (playwright, browser) = await Chromium.LaunchAsync();
        using var _ = playwright;
        await using var __ = browser;
        var page = await browser.NewPageAsync();

        await page.GotoAsync(app.BaseUrl + "/");
        Assert.Contains("/signin", page.Url);
        await page.FillAsync("#email", "manager@demo.local");
        await page.FillAsync("#password", "wrong password");
        await page.ClickAsync("#signin");
        await Assertions.Expect(page.Locator("[data-test=signin-error]")).ToContainTextAsync("Email or password is wrong.");

        await page.FillAsync("#email", "manager@demo.local");
        await page.FillAsync("#password", "Demo!2026");
        await page.ClickAsync("#signin");

        await page.WaitForURLAsync(url => url.EndsWith("/inbox"));
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Task inbox");
        await Assertions.Expect(page.Locator("[data-test=user]")).ToHaveTextAsync("manager@demo.local");
        await Chromium.ScreenshotAsync(page, "client-manager-inbox");
    }
}
