using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>
/// Debian's Chromium driven by Playwright (Playwright's own browser download does not work
/// here). Without Chromium the browser tests skip with how to install it, except under CI,
/// where they must run.
/// </summary>
public static class Chromium
{
    public const string Path = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        // A whole app runs beside each browser on a small shared machine: give pages time.
        Assertions.SetDefaultExpectTimeout(20_000);
        if (!File.Exists(Path))
        {
            const string message = $"Chromium is not installed at {Path}; install it with: sudo apt-get install -y chromium";
            if (Environment.GetEnvironmentVariable("CI") == "true") throw new InvalidOperationException(message);
            Assert.Skip(message);
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Path,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        });
        return (playwright, browser);
    }

    /// <summary>A browser signed in to the app as a demo user, on the page the user lands on.</summary>
    public static async Task<BrowserSession> SignInAsync(AppProcess app, string email, ViewportSize? viewport = null)
    {
        var (playwright, browser) = await LaunchAsync();
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 720 } });
        await page.GotoAsync(app.BaseUrl + "/signin");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", "Demo!2026");
        await page.ClickAsync("#signin");
        await page.WaitForURLAsync(url => !url.Contains("/signin"));
        // Like a person, a journey acts on the landing page once it works: a link clicked on the
        // prerendered page while the circuit starts can leave the circuit on the page it began with.
        await InteractiveAsync(page);
        return new BrowserSession(playwright, browser, page);
    }

    /// <summary>Waits until the page is interactive (its buttons work), not just prerendered.</summary>
    public static Task InteractiveAsync(IPage page) =>
        page.Locator("[data-test=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });

    /// <summary>Saves a screenshot under the test output (screenshots/name.png).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var folder = System.IO.Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = System.IO.Path.Combine(folder, name + ".png"), FullPage = true });
    }
}

/// <summary>A signed-in browser page; disposing closes the browser.</summary>
public sealed class BrowserSession(IPlaywright playwright, IBrowser browser, IPage page) : IAsyncDisposable
{
    public IPage Page { get; } = page;

    public async ValueTask DisposeAsync()
    {
        await browser.DisposeAsync();
        playwright.Dispose();
    }
}

/// <summary>Browser tests run one at a time: each starts the app and a browser, which is plenty for two cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrowserCollection
{
    public const string Name = "browser";
}
