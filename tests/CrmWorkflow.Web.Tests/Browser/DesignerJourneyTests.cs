using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>An analyst builds a workflow with the mouse in the designer, publishes it and starts it.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class DesignerJourneyTests(ITestOutputHelper output)
{
    private static ILocator Node(IPage page, string id) => page.Locator($"g[data-id='{id}']");

    private static ILocator Port(IPage page, string id, string port) => Node(page, id).Locator($"[data-test=port][data-port='{port}'] circle");

    private static async Task<(float X, float Y)> CentreAsync(ILocator locator)
    {
        var box = (await locator.BoundingBoxAsync())!;
        return (box.X + box.Width / 2, box.Y + box.Height / 2);
    }

    // A port dragged onto another activity, the way a user draws a connection.
    private static async Task ConnectAsync(IPage page, string from, string port, string to)
    {
        var (ax, ay) = await CentreAsync(Port(page, from, port));
        var (bx, by) = await CentreAsync(Node(page, to).Locator("rect").First);
        await page.Mouse.MoveAsync(ax, ay);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync((ax + bx) / 2, (ay + by) / 2, new() { Steps = 4 });
        await page.Mouse.MoveAsync(bx, by, new() { Steps = 4 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(page.Locator($"path[data-from='{from}'][data-port='{port}'][data-to='{to}']")).ToHaveCountAsync(1);
    }

    // Drops land where the pointer was, possibly on top of each other: lay out and fit before drawing connections.
    private static async Task TidyAsync(IPage page)
    {
        await page.ClickAsync("[data-test=auto-layout]");
        await page.ClickAsync("[data-test=fit]");
        await Task.Delay(300);
    }

    private static async Task SelectAsync(IPage page, string id)
    {
        await Node(page, id).Locator("text.flow-type").ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=property-panel]")).ToContainTextAsync(id);
    }

    [Fact]
    public async Task Analyst_BuildsAWorkflowWithTheMouse_FixesItsProblems_PublishesAndStartsIt()
    {
        await using var app = await AppProcess.StartAsync();
        await using var session = await Chromium.SignInAsync(app, "analyst@demo.local", new ViewportSize { Width = 1400, Height = 900 });
        var page = session.Page;
        await page.GotoAsync(app.BaseUrl + "/workflows");
        await Chromium.InteractiveAsync(page);
        await page.ClickAsync("[data-test=new-workflow]");
        await page.WaitForURLAsync(url => url.EndsWith("/workflows/new/design"), new() { WaitUntil = WaitUntilState.Commit });
        await Chromium.InteractiveAsync(page);
        await page.FillAsync("[data-test=new-id] input, input[data-test=new-id]", "expense-approval");
        await page.FillAsync("[data-test=new-name] input, input[data-test=new-name]", "Approve an expense");
        await page.ClickAsync("[data-test=new-create]");
        await Assertions.Expect(Node(page, "start")).ToHaveCountAsync(1);

        // Three activities dragged from the toolbox to three places on the canvas.
        var canvas = page.Locator("[data-test=canvas]");
        var frame = (await canvas.BoundingBoxAsync())!;
        foreach (var (type, x, y) in new[] { ("core.decision", 0.45f, 0.2f), ("core.humanTask", 0.75f, 0.5f), ("core.end", 0.45f, 0.85f) })
            await page.DragAndDropAsync($"[data-activity-type='{type}']", "[data-test=canvas]",
                new() { TargetPosition = new() { X = frame.Width * x, Y = frame.Height * y } });
        await Assertions.Expect(page.Locator("[data-test=node]")).ToHaveCountAsync(4);
        await Assertions.Expect(page.Locator("[data-test=save-state]")).ToHaveTextAsync("unsaved changes");

        // Dragging a box moves it (one undo step), and Ctrl+Z puts it back.
        var before = await Node(page, "end1").GetAttributeAsync("transform");
        var (ex, ey) = await CentreAsync(Node(page, "end1").Locator("text.flow-title"));
        await page.Mouse.MoveAsync(ex, ey);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(ex - 60, ey - 10, new() { Steps = 6 });
        await page.Mouse.UpAsync();
        await Assertions.Expect(Node(page, "end1")).Not.ToHaveAttributeAsync("transform", before!);
        await page.Keyboard.PressAsync("Control+z");
        await Assertions.Expect(Node(page, "end1")).ToHaveAttributeAsync("transform", before!);

        await TidyAsync(page);
        await ConnectAsync(page, "start", "done", "decision1");
        await ConnectAsync(page, "decision1", "true", "humanTask1");
        await ConnectAsync(page, "decision1", "false", "end1");

        // What is still wrong shows live; a click on a problem selects the activity it is about.
        var problems = page.Locator("[data-test=problem]");
        await Assertions.Expect(problems.Filter(new() { HasText = "condition" })).ToHaveCountAsync(1);
        await problems.Filter(new() { HasText = "condition" }).ClickAsync();
        await Assertions.Expect(page.Locator("[data-test=property-panel]")).ToContainTextAsync("decision1");
        // The condition in the expression editor, typed key by key: a broken expression says where it breaks.
        var condition = page.Locator("[data-test=input-condition] textarea");
        await Assertions.Expect(condition).ToBeFocusedAsync();
        var conditionError = page.Locator("[data-test=input-condition] [data-test=field-error]");
        await condition.PressSequentiallyAsync("input.amount >");
        await Assertions.Expect(conditionError).ToContainTextAsync("line 1, column");
        await Chromium.ScreenshotAsync(page, "designer-expression-error");
        await condition.PressSequentiallyAsync(" 100");
        await Assertions.Expect(conditionError).ToHaveCountAsync(0);
        await condition.BlurAsync();
        await Assertions.Expect(problems.Filter(new() { HasText = "condition" })).ToHaveCountAsync(0);
        await Assertions.Expect(condition).ToHaveValueAsync("input.amount > 100");

        // The human task: a title, a role from the picker, and its outcomes in the list editor.
        await SelectAsync(page, "humanTask1");
        var title = page.Locator("[data-test=input-title] textarea[data-test=script]");
        await title.PressSequentiallyAsync("Approve the expense");
        await title.BlurAsync();
        await page.Locator("[data-test=input-role] [data-test=picker]").ClickAsync();
        await page.Locator(".rz-dropdown-item", new() { HasText = "Analyst" }).First.ClickAsync();
        var outcomes = page.Locator("[data-test=input-outcomes] [data-test=list-item]");
        await Assertions.Expect(outcomes).ToHaveCountAsync(1);
        await Assertions.Expect(outcomes.First).ToHaveValueAsync("done");
        await outcomes.First.FillAsync("");
        await outcomes.First.PressSequentiallyAsync("approve");
        await page.Locator("[data-test=input-outcomes] [data-test=list-add]").ClickAsync();
        await Assertions.Expect(outcomes.Nth(1)).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync("reject");
        await outcomes.Nth(1).BlurAsync();
        await Assertions.Expect(Port(page, "humanTask1", "approve")).ToHaveCountAsync(1);
        await Assertions.Expect(Port(page, "humanTask1", "reject")).ToHaveCountAsync(1);
        await Assertions.Expect(Port(page, "humanTask1", "done")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-test=input-title] textarea[data-test=script]")).ToHaveValueAsync("Approve the expense");
        await Assertions.Expect(outcomes).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("[data-test=input-role]")).ToContainTextAsync("Analyst");
        await Chromium.ScreenshotAsync(page, "designer-typed-editors");

        // A dangling activity: a second end nothing leads to.
        await page.DragAndDropAsync("[data-activity-type='core.end']", "[data-test=canvas]",
            new() { TargetPosition = new() { X = frame.Width * 0.9f, Y = frame.Height * 0.6f } });
        await Assertions.Expect(problems.Filter(new() { HasText = "'end2' cannot be reached" })).ToHaveCountAsync(1);
        await TidyAsync(page);
        await Assertions.Expect(page.Locator("[data-test=publish]")).ToBeDisabledAsync();
        await Chromium.ScreenshotAsync(page, "designer-problem");
        await ConnectAsync(page, "humanTask1", "approve", "end2");
        await Assertions.Expect(page.Locator("[data-test=validation-ok]")).ToBeVisibleAsync();

        await page.ClickAsync("[data-test=publish]");
        await Assertions.Expect(page.Locator(".rz-notification")).ToContainTextAsync("v1 published");
        await Assertions.Expect(page.Locator("[data-test=save-state]")).ToHaveTextAsync("v1 published");
        await page.WaitForURLAsync(url => url.EndsWith("/workflows/expense-approval/design"));
        await Chromium.ScreenshotAsync(page, "designer-published");

        using var http = await app.ApiAsync("analyst@demo.local");
        var started = await http.PostAsJsonAsync("/api/workflows/expense-approval/instances", new { input = new { amount = 500 } });
        started.EnsureSuccessStatusCode();
        var id = (await started.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        await page.GotoAsync(app.BaseUrl + "/instances/" + id);
        await Assertions.Expect(page.Locator("[data-test=instance-status]")).ToHaveTextAsync("Suspended");
        await Assertions.Expect(page.Locator("body")).ToContainTextAsync("humanTask1");
        await Chromium.ScreenshotAsync(page, "designer-instance");
    }
}
