using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>Every page works on a tablet held upright: nothing wider than the screen, the menu out of the way until asked for.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TabletLayoutTests
{
    // An iPad Air in portrait.
    private static readonly ViewportSize Tablet = new() { Width = 820, Height = 1180 };

    public static readonly string[] Pages =
        ["/inbox", "/customers", "/customers/1", "/leads", "/complaints", "/rollouts", "/rollouts/1", "/managers", "/workflows", "/workflows/lead-routing",
         "/instances", "/reports", "/reports/query", "/dashboards", "/notifications", "/outbox"];

    [Fact]
    public async Task Admin_OnATablet_EveryPageFitsTheScreen_AndTheMenuOpensOnDemand()
    {
        await using var app = await AppProcess.StartAsync();
        await using var session = await Chromium.SignInAsync(app, "admin@demo.local", Tablet);
        var page = session.Page;
        var tooWide = new List<string>();
        foreach (var path in Pages)
        {
            await page.GotoAsync(app.BaseUrl + path);
            await Chromium.InteractiveAsync(page);
            await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
            var (scroll, width) = (await page.EvaluateAsync<int>("document.documentElement.scrollWidth"), await page.EvaluateAsync<int>("window.innerWidth"));
            if (scroll > width) tooWide.Add($"{path}: {scroll} px wide on a {width} px screen");
            await Chromium.ScreenshotAsync(page, "tablet" + path.Replace('/', '-'));
        }
        Assert.Empty(tooWide);

        // The menu does not take a third of the screen; the toggle brings it back.
        var sidebarClass = await page.Locator(".rz-sidebar").GetAttributeAsync("class");
        var heading = await page.Locator("h1").BoundingBoxAsync();
        Assert.True(heading!.X < 100, $"The page starts {heading.X} px from the left: the menu is in the way ({sidebarClass}).");
        var closed = (await page.Locator(".rz-sidebar").BoundingBoxAsync())!.Width;
        Assert.True(closed < 2, $"The closed menu is {closed} px wide.");
        await page.Locator(".rz-sidebar-toggle").ClickAsync();
        await Assertions.Expect(page.Locator(".rz-sidebar.rz-sidebar-expanded")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("document.querySelector('.rz-sidebar').getBoundingClientRect().width > 200");
        await page.GetByRole(AriaRole.Link, new() { Name = "Complaints" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/complaints$"));
    }

    [Fact]
    public async Task Admin_ResizesTheWindowAcrossTabletWidth_MenuClosesAndOpensWithIt()
    {
        await using var app = await AppProcess.StartAsync();
        await using var session = await Chromium.SignInAsync(app, "admin@demo.local", new ViewportSize { Width = 1400, Height = 900 });
        var page = session.Page;
        await page.GotoAsync(app.BaseUrl + "/leads");
        await Chromium.InteractiveAsync(page);
        // The layout has read the width (and watches it from then on).
        await page.WaitForSelectorAsync(".rz-sidebar:not(.nav-auto)");
        await page.WaitForFunctionAsync("document.querySelector('.rz-sidebar').getBoundingClientRect().width > 200");

        await page.SetViewportSizeAsync(Tablet.Width, Tablet.Height);
        await page.WaitForFunctionAsync("document.querySelector('.rz-sidebar').getBoundingClientRect().width < 2");
        var heading = await page.Locator("h1").BoundingBoxAsync();
        Assert.True(heading!.X < 100, $"After narrowing the window the page starts {heading.X} px from the left: the menu is still in the way.");

        await page.SetViewportSizeAsync(1400, 900);
        await page.WaitForFunctionAsync("document.querySelector('.rz-sidebar').getBoundingClientRect().width > 200");
        await Chromium.ScreenshotAsync(page, "menu-after-resize");
    }
}
