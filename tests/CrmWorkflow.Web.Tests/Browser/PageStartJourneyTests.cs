using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>
/// A page shows at once as prerendered HTML and works once its connection is up. In between a
/// click on a button would be lost without a sign; the page takes none and says it is busy.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class PageStartJourneyTests
{
    [Fact]
    public async Task Manager_PageNotYetInteractive_ButtonsTakeNoClicksUntilItIs()
    {
        await using var app = await AppProcess.StartAsync();
        await using var session = await Chromium.SignInAsync(app, "admin@demo.local");
        var page = session.Page;

        // The connection never starts: the page stays as prerendered.
        await page.RouteAsync("**/_framework/blazor.web.js", route => route.AbortAsync());
        await page.GotoAsync(app.BaseUrl + "/managers");
        var layout = page.Locator(".rz-layout");
        await Assertions.Expect(layout).ToHaveAttributeAsync("aria-busy", "true");
        var search = page.Locator("[data-test=search]");
        await Assertions.Expect(search).ToBeVisibleAsync();
        Assert.Equal("none", await search.EvaluateAsync<string>("b => getComputedStyle(b).pointerEvents"));
        Assert.Equal("none", await page.Locator("[data-test=manager-search]").EvaluateAsync<string>("i => getComputedStyle(i).pointerEvents"));
        // A click is refused (Playwright finds nothing that takes it), not swallowed.
        await Assert.ThrowsAsync<TimeoutException>(() => search.ClickAsync(new() { Timeout = 1_000 }));
        // Links still work without the connection.
        Assert.NotEqual("none", await page.Locator(".rz-sidebar a").First.EvaluateAsync<string>("a => getComputedStyle(a).pointerEvents"));

        // With the connection the same page works.
        await page.UnrouteAsync("**/_framework/blazor.web.js");
        await page.ReloadAsync();
        await Chromium.InteractiveAsync(page);
        await Assertions.Expect(layout).ToHaveAttributeAsync("aria-busy", "false");
        Assert.Equal("auto", await search.EvaluateAsync<string>("b => getComputedStyle(b).pointerEvents"));
        await page.Locator("[data-test=manager-search]").FillAsync("Max Manager");
        await search.ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=manager-name]", new() { HasText = "Max Manager" })).ToBeVisibleAsync();
    }
}
