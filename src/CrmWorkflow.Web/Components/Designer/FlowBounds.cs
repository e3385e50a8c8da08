using CrmWorkflow.Engine.Model;
using CrmWorkflow.Web.Designer;

namespace CrmWorkflow.Web.Components.Designer;

/// <summary>
/// The extent of everything a <see cref="FlowCanvas"/> draws: the boxes, but also the curves
/// (a connection going backwards bends out past its boxes) and the port labels beside the
/// boxes' right side. Fit frames this, so nothing is cut off at the edge of the view.
/// </summary>
public static class FlowBounds
{
    /// <summary>A port label's width per character at the canvas's 11 px font, a little generous (no text metrics on the server).</summary>
    public const double LabelCharWidth = 6.5;

    /// <summary>Left, top, right and bottom of the drawing (with <paramref name="ports"/> as the canvas has them); null when there is nothing to draw.</summary>
    public static (double Left, double Top, double Right, double Bottom)? Of(DesignState state, Func<DesignNode, IReadOnlyList<string>>? ports = null)
    {
        if (state.Nodes.Count == 0) return null;
        double left = state.Nodes.Min(n => n.X), top = state.Nodes.Min(n => n.Y);
        double right = state.Nodes.Max(n => n.X) + DesignNode.Width;
        var bottom = state.Nodes.Max(n => n.Y + DesignNode.HeightFor(FlowCanvas.PortOrder(state, n, ports?.Invoke(n)).Count));
        void Take(double x, double y) { left = Math.Min(left, x); right = Math.Max(right, x); top = Math.Min(top, y); bottom = Math.Max(bottom, y); }
        foreach (var (edge, from, to) in FlowCanvas.Anchors(state, ports))
        {
            foreach (var (p0, p1, p2, p3) in Segments(from, to))
                for (var i = 0; i <= 32; i++)
                {
                    var t = i / 32.0;
                    double u = 1 - t, a = u * u * u, b = 3 * u * u * t, c = 3 * u * t * t, d = t * t * t;
                    Take(a * p0.X + b * p1.X + c * p2.X + d * p3.X, a * p0.Y + b * p1.Y + c * p2.Y + d * p3.Y);
                }
            // The editor writes port names inside the box instead.
            if (ports is null && edge.Port != Ports.Done)
            {
                // As FlowCanvas writes it: starting 8 right of the port, its baseline 5 above.
                Take(from.Item1 + 8 + edge.Port.Length * LabelCharWidth, from.Item2 - 5 - 11);
            }
        }
        return (left, top, right, bottom);
    }

    /// <summary>
    /// The cubic pieces of a connection's curve from port <paramref name="a"/> to <paramref name="b"/>
    /// (a straight piece is a cubic too). FlowCanvas draws these, and app.js the same shapes while dragging.
    /// </summary>
    public static IReadOnlyList<((double X, double Y), (double X, double Y), (double X, double Y), (double X, double Y))> Segments((double X, double Y) a, (double X, double Y) b)
    {
        // Into the next band of a wrapped layout: down beside the source, back along the gap just
        // above the target, then in from its left; a curve straight across would cut the band.
        if (b.X < a.X - DesignNode.Width && b.Y > a.Y + DesignNode.Height)
        {
            var gap = b.Y - DesignNode.Height / 2 - DesignLayout.RowGap / 2;
            return
            [
                (a, (a.X + 30, a.Y), (a.X + 30, gap), (a.X, gap)),
                ((a.X, gap), (a.X, gap), (b.X, gap), (b.X, gap)),
                ((b.X, gap), (b.X - 30, gap), (b.X - 30, b.Y), b),
            ];
        }
        var bend = Math.Max(40, Math.Abs(b.X - a.X) / 2);
        return [(a, (a.X + bend, a.Y), (b.X - bend, b.Y), b)];
    }
}
