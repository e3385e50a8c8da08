using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>
/// Editing a long activity keeps the drawing in view: beside the canvas the side panel scrolls on
/// its own; on a tablet it sits under the canvas and the page scrolls. Also pictures every shipped
/// workflow as drawn by hand, in the designer and on its version page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DesignerSidePanelJourneyTests
{
    private static readonly string[] Shipped = ["lead-routing", "client-manager-assignment", "crm-rollout", "complaint-handling"];

    private static Task<float[]> BoxAsync(IPage page, string selector) =>
        page.EvaluateAsync<float[]>($"(() => {{ const r = document.querySelector('{selector}').getBoundingClientRect(); return [r.top, r.bottom, r.left, r.right]; }})()");

    [Fact]
    public async Task Analyst_OpensComplaintHandling_TheSlaClocksSixPortsStandApartInsideItsBox()
    {
        await using var app = await AppProcess.StartAsync();
        await using var session = await Chromium.SignInAsync(app, "analyst@demo.local", new ViewportSize { Width = 1400, Height = 900 });
        var page = session.Page;
        await page.GotoAsync($"{app.BaseUrl}/workflows/complaint-handling/design");
        await Chromium.InteractiveAsync(page);
        var clock = page.Locator("g[data-id='clock']");
        await Assertions.Expect(clock).ToBeVisibleAsync();

        // Top and bottom of each port label, and of the box, on the screen.
        var labels = await clock.Locator(".flow-port-handle text").EvaluateAllAsync<float[][]>(
            "els => els.map(e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; })");
        var box = await clock.Locator("rect").First.EvaluateAsync<float[]>("e => { const r = e.getBoundingClientRect(); return [r.top, r.bottom]; }");
        Assert.Equal(6, labels.Length);
        for (var i = 1; i < labels.Length; i++)
            Assert.True(labels[i][0] >= labels[i - 1][1] - 0.5, $"port label {i} ({labels[i][0]}-{labels[i][1]}) overlaps the one above ({labels[i - 1][0]}-{labels[i - 1][1]})");
        Assert.True(labels[^1][1] <= box[1], $"the last port label ends at {labels[^1][1]}, below the box's bottom {box[1]}");
        await clock.Locator("text.flow-type").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=property-panel]")).ToContainTextAsync("clock");
        // Zoomed in on the clock, for the picture.
        var at = (await clock.Locator("rect").First.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(at.X + at.Width / 2, at.Y + at.Height / 2);
        for (var i = 0; i < 6; i++) await page.Mouse.WheelAsync(0, -200);
        await Chromium.ScreenshotAsync(page, "designer-sla-clock-ports");
    }

    [Fact]
    public async Task Analyst_EditsAHumanTask_CanvasStaysInView_OnADesktop_AndThePageStacksOnATablet()
    {
        await using var app = await AppProcess.StartAsync();
        await using var session = await Chromium.SignInAsync(app, "analyst@demo.local", new ViewportSize { Width = 1400, Height = 900 });
        var page = session.Page;
        foreach (var id in Shipped)
        {
            await page.GotoAsync($"{app.BaseUrl}/workflows/{id}/versions/1");
            await Chromium.InteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-test=node]").First).ToBeVisibleAsync();
            await Chromium.ScreenshotAsync(page, $"shipped-{id}-version");
            await page.GotoAsync($"{app.BaseUrl}/workflows/{id}/design");
            await Chromium.InteractiveAsync(page);
            await Assertions.Expect(page.Locator("[data-test=node]").First).ToBeVisibleAsync();
            await Chromium.ScreenshotAsync(page, $"shipped-{id}-design");
        }

        // complaint-handling (the last one) is open; its investigation is a human task with many inputs.
        await page.Locator("g[data-id='investigate'] text.flow-type").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=property-panel]")).ToContainTextAsync("investigate");
        var (scrollHeight, clientHeight) = (await page.EvaluateAsync<int>("document.querySelector('.designer-side').scrollHeight"),
            await page.EvaluateAsync<int>("document.querySelector('.designer-side').clientHeight"));
        Assert.True(scrollHeight > clientHeight, $"the panel ({scrollHeight} px of content) should scroll within its {clientHeight} px");
        var side = await BoxAsync(page, ".designer-side");
        Assert.True(side[1] <= 900, $"the side panel ends at {side[1]} px, below the 900 px window");

        // Down to the panel's last input: the canvas does not move.
        var canvasBefore = await BoxAsync(page, "[data-test=canvas]");
        await page.Locator(".designer-side").HoverAsync();
        await page.Mouse.WheelAsync(0, 4000);
        await page.WaitForFunctionAsync("document.querySelector('.designer-side').scrollTop > 0");
        var canvasAfter = await BoxAsync(page, "[data-test=canvas]");
        Assert.Equal(canvasBefore[0], canvasAfter[0], 1f);
        Assert.True(canvasAfter[0] >= 0 && canvasAfter[1] <= 900, "the canvas is still in the window");
        await Chromium.ScreenshotAsync(page, "designer-long-panel-desktop");

        // A tablet held upright: the panel under the canvas, as long as it needs, the page scrolling.
        // Loaded afresh there, as a tablet user would: the menu starts closed below 1025 px.
        await page.SetViewportSizeAsync(820, 1180);
        await page.ReloadAsync();
        await Chromium.InteractiveAsync(page);
        await page.Locator("g[data-id='investigate'] text.flow-type").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=property-panel]")).ToContainTextAsync("investigate");
        Assert.Equal("static", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.designer-side')).position"));
        var (canvas, under) = (await BoxAsync(page, "[data-test=canvas]"), await BoxAsync(page, ".designer-side"));
        Assert.True(under[0] >= canvas[1], $"on a tablet the panel ({under[0]} px) goes under the canvas ({canvas[1]} px)");
        Assert.Equal(await page.EvaluateAsync<int>("document.querySelector('.designer-side').scrollHeight"),
            await page.EvaluateAsync<int>("document.querySelector('.designer-side').clientHeight"));
        await page.Locator("[data-test=property-panel]").ScrollIntoViewIfNeededAsync();
        await Chromium.ScreenshotAsync(page, "designer-long-panel-tablet");
    }
}
