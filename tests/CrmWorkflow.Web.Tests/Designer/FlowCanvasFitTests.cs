using System.Globalization;
using Bunit;
using CrmWorkflow.Web.Components.Designer;
using CrmWorkflow.Web.Designer;

namespace CrmWorkflow.Web.Tests.Designer;

/// <summary>Fit frames everything the canvas draws: not only the boxes, but curves that bend out past them and port labels.</summary>
public sealed class FlowCanvasFitTests
{
    // Two boxes side by side; the right one leads back to the left one through a long port name.
    private static readonly DesignState BackAndForth = new(
        [new DesignNode("a", "core.humanTask", "Ask", null, 0, 0), new DesignNode("b", "core.humanTask", "Check", null, 400, 0)],
        [new DesignEdge("a", "handled", "b"), new DesignEdge("b", "escalationRequested", "a")]);

    [Fact]
    public void Fit_BackwardConnectionAndLongPortLabel_AreInsideTheView()
    {
        using var context = Components.Bunit.Context();
        var canvas = context.Render<FlowCanvas>(p => p.Add(c => c.State, BackAndForth));

        var view = ViewBox(canvas);
        var back = canvas.Find("[data-test=edge][data-port=escalationRequested]").GetAttribute("d")!;
        var (left, right, top, bottom) = CurveExtent(back);
        Assert.True(left < -10 && right > 610, $"the backward curve bends out past its boxes ({left}..{right})");
        Assert.True(view.X <= left && view.X + view.W >= right && view.Y <= top && view.Y + view.H >= bottom,
            $"the backward curve ({left},{top})..({right},{bottom}) sticks out of the fitted view {view}");
        // The label starts 8 right of the port; 11 px text is at least about 6 px per character.
        var labelEnd = 400 + DesignNode.Width + 8 + "escalationRequested".Length * 6;
        Assert.True(view.X + view.W >= labelEnd, $"the port label ends at {labelEnd}, right of the fitted view {view}");
    }

    [Fact]
    public void Fit_AfterZoomingIn_ShowsTheCurvesAndLabelsAgain()
    {
        using var context = Components.Bunit.Context();
        var canvas = context.Render<FlowCanvas>(p => p.Add(c => c.State, BackAndForth));
        var fitted = ViewBox(canvas);

        canvas.Find("[data-test=zoom-in]").Click();
        canvas.Find("[data-test=fit]").Click();

        Assert.Equal(fitted, ViewBox(canvas));
    }

    [Fact]
    public void Bounds_EditorWithPortHandles_LeavesOutTheLabelsOutsideTheBoxes()
    {
        var withLabels = FlowBounds.Of(BackAndForth)!.Value;
        var editor = FlowBounds.Of(BackAndForth, n => n.Id == "a" ? ["handled"] : ["escalationRequested"])!.Value;

        Assert.True(editor.Right < withLabels.Right, "in the editor port names sit inside the boxes: no room is kept for them outside");
        Assert.True(editor.Right > 600, "the backward curve still counts");
    }

    private static (double X, double Y, double W, double H) ViewBox(IRenderedComponent<FlowCanvas> canvas)
    {
        var v = canvas.Find("[data-test=canvas]").GetAttribute("viewBox")!.Split(' ').Select(s => double.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        return (v[0], v[1], v[2], v[3]);
    }

    // Samples the path's cubic pieces ("M x y C x y, x y, x y ..."), independently of how the canvas sizes its view.
    private static (double Left, double Right, double Top, double Bottom) CurveExtent(string d)
    {
        var n = d.Replace(",", " ").Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(t => t is not ("M" or "C" or "L")).Select(t => double.Parse(t, CultureInfo.InvariantCulture)).ToArray();
        var points = Enumerable.Range(0, n.Length / 2).Select(i => (X: n[2 * i], Y: n[2 * i + 1])).ToArray();
        var xs = new List<double>(); var ys = new List<double>();
        for (var s = 0; s + 3 < points.Length; s += 3)
            for (var t = 0.0; t <= 1.0; t += 0.01)
            {
                double u = 1 - t;
                xs.Add(u * u * u * points[s].X + 3 * u * u * t * points[s + 1].X + 3 * u * t * t * points[s + 2].X + t * t * t * points[s + 3].X);
                ys.Add(u * u * u * points[s].Y + 3 * u * u * t * points[s + 1].Y + 3 * u * t * t * points[s + 2].Y + t * t * t * points[s + 3].Y);
            }
        return (xs.Min(), xs.Max(), ys.Min(), ys.Max());
    }
}
