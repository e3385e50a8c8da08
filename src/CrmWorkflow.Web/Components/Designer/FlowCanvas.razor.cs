using System.Globalization;
using CrmWorkflow.Web.Designer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace CrmWorkflow.Web.Components.Designer;

public sealed partial class FlowCanvas
{
    /// <summary>The drawing.</summary>
    [Parameter, EditorRequired] public DesignState State { get; set; } = DesignState.Empty;

    /// <summary>The editor shows the minimap from this many activities on.</summary>
    public const int MinimapFrom = 10;

    private bool _minimapShown = true;

    // The editor shows a map of flows too big to take in at a glance.
    private bool HasMinimap => Editable && State.Nodes.Count >= MinimapFrom;

    /// <summary>Activities to highlight (e.g. the path a run took).</summary>
    [Parameter] public IReadOnlySet<string>? Highlighted { get; set; }

    /// <summary>Activities a run waits at (a task, a timer, an event), marked apart from those it passed.</summary>
    [Parameter] public IReadOnlySet<string>? Waiting { get; set; }

    /// <summary>
    /// Every output port of a node; when given each node shows them as handles on its right
    /// side (connections leave from their handle), else only the ports in use are spread there.
    /// </summary>
    [Parameter] public Func<DesignNode, IReadOnlyList<string>>? Ports { get; set; }

    private List<(DesignEdge Edge, (double X, double Y) From, (double X, double Y) To)> _edges = [];
    private (double X, double Y, double W, double H) _view = (0, 0, 800, 400);
    private DesignState? _fitted;
    private (double X, double Y)? _drag;

    private string ViewBox => string.Join(' ', new[] { _view.X, _view.Y, _view.W, _view.H }.Select(N));

    protected override void OnParametersSet()
    {
        _edges = Anchors(State, Ports);
        // A read-only diagram fits whatever it is given; an editor keeps the view the user chose.
        if (_fitted is null || (!Editable && !ReferenceEquals(_fitted, State))) Fit();
    }

    /// <summary>
    /// Where each connection starts (its port on the right side) and ends (the middle of the
    /// left side). Without <paramref name="ports"/> the ports in use are spread down the side.
    /// </summary>
    public static List<(DesignEdge, (double, double), (double, double))> Anchors(DesignState state, Func<DesignNode, IReadOnlyList<string>>? ports = null)
    {
        var list = new List<(DesignEdge, (double, double), (double, double))>();
        foreach (var group in state.Edges.GroupBy(e => e.From))
        {
            if (state.Node(group.Key) is not { } from) continue;
            var order = PortOrder(state, from, ports?.Invoke(from));
            foreach (var e in group)
            {
                if (state.Node(e.To) is not { } to) continue;
                // The editor draws every port of the activity; a read-only diagram only those in use.
                var y = from.Y + PortY(order.IndexOf(e.Port), order.Count);
                list.Add((e, (from.X + DesignNode.Width, y), (to.X, to.Y + DesignNode.Height / 2)));
            }
        }
        return list;
    }

    /// <summary>
    /// The ports down a node's right side: the activity's own (the editor passes them), then any
    /// other port a connection leaves from (all of them in a read-only diagram).
    /// </summary>
    public static List<string> PortOrder(DesignState state, DesignNode node, IReadOnlyList<string>? ports)
    {
        var order = (ports ?? []).ToList();
        foreach (var edge in state.Edges)
            if (edge.From == node.Id && !order.Contains(edge.Port)) order.Add(edge.Port);
        return order;
    }

    // How many ports the node's side spreads, which sets how tall it is drawn.
    private int UsedPorts(DesignNode node, IReadOnlyList<string>? ports) => PortOrder(State, node, ports).Count;

    /// <summary>The height of port <paramref name="index"/> of <paramref name="count"/> on a node's right side.</summary>
    public static double PortY(int index, int count) => DesignNode.HeightFor(count) * (index + 1) / (count + 1);

    // Everything drawn, curves and port labels too, with a margin; a small drawing keeps a minimum
    // size so it is not blown up to fill the canvas.
    private void Fit()
    {
        _fitted = State;
        if (FlowBounds.Of(State, Ports) is not var (left, top, right, bottom)) { _view = (0, 0, 800, 400); return; }
        (left, top, right, bottom) = (left - FitMargin, top - FitMargin, right + FitMargin, bottom + FitMargin);
        _view = (left, top, Math.Max(400, right - left), Math.Max(200, bottom - top));
    }

    /// <summary>Room Fit leaves around the drawing.</summary>
    public const double FitMargin = 24;

    private void ZoomBy(double factor)
    {
        var (x, y, w, h) = _view;
        _view = (x + w * (1 - factor) / 2, y + h * (1 - factor) / 2, w * factor, h * factor);
    }

    private void Wheel(WheelEventArgs e) => ZoomBy(e.DeltaY > 0 ? 1.1 : 1 / 1.1);

    // The editor zooms in app.js, about the pointer, and reports the view once the wheel rests.
    private EventCallback<WheelEventArgs> WheelHandler =>
        Editable ? default : EventCallback.Factory.Create<WheelEventArgs>(this, Wheel);

    // The editor pans in app.js: a server round trip (and a re-render) per pointer move would stutter.
    private EventCallback<PointerEventArgs> PanHandler(Action<PointerEventArgs> handler) =>
        Editable ? default : EventCallback.Factory.Create(this, handler);

    private void Down(PointerEventArgs e) => _drag = (e.ClientX, e.ClientY);

    private void Up(PointerEventArgs e) => _drag = null;

    // Screen pixels to drawing units: the view is about 1,000 px wide on a laptop; close enough for panning.
    private void Move(PointerEventArgs e)
    {
        if (_drag is not { } from || e.Buttons == 0) return;
        var scale = _view.W / 1000;
        _view = (_view.X - (e.ClientX - from.X) * scale, _view.Y - (e.ClientY - from.Y) * scale, _view.W, _view.H);
        _drag = (e.ClientX, e.ClientY);
    }

    private bool Lit(string id) => Highlighted?.Contains(id) == true;

    private string NodeClass(DesignNode node) =>
        $"flow-node flow-{node.Type.Split('.')[0]}{(Lit(node.Id) ? " flow-lit" : "")}{(Waiting?.Contains(node.Id) == true ? " flow-waiting" : "")}{(Selected?.Contains(node.Id) == true ? " flow-selected" : "")}";

    private string EdgeClass(DesignEdge edge) =>
        "flow-edge" + (Lit(edge.From) && Lit(edge.To) ? " flow-lit" : "") + (edge == SelectedEdge ? " flow-selected" : "");

    private static string Curve((double X, double Y) a, (double X, double Y) b)
    {
        var path = new System.Text.StringBuilder($"M {N(a.X)} {N(a.Y)}");
        foreach (var (p0, p1, p2, p3) in FlowBounds.Segments(a, b))
            path.Append(p1 == p0 && p2 == p3 ? $" L {N(p3.X)} {N(p3.Y)}" : $" C {N(p1.X)} {N(p1.Y)}, {N(p2.X)} {N(p2.Y)}, {N(p3.X)} {N(p3.Y)}");
        return path.ToString();
    }

    // Rounded first: a zoom out and back in leaves -0.00001, which would print as "-0".
    private static string N(double v) => (Math.Round(v, 1) + 0.0).ToString("0.#", CultureInfo.InvariantCulture);

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";
}
