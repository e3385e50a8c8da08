using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Web.Designer;

/// <summary>
/// Between a definition and the canvas: positions come from and go to the definition's
/// <c>layout</c> (<c>{ "activityId": { "x": 40, "y": 80 } }</c>); activities without a position
/// are laid out. Also the automatic layout: left to right in layers by distance from the start.
/// </summary>
public static class DesignLayout
{
    /// <summary>Horizontal and vertical distance between laid-out activities.</summary>
    public const double ColumnGap = 80, RowGap = 48, Margin = 40;

    /// <summary>The drawing of a definition.</summary>
    public static DesignState Read(WorkflowDefinition definition)
    {
        var nodes = definition.Activities.Select(a => new DesignNode(a.Id, a.Type, a.Name, a.Inputs?.DeepClone().AsObject(), double.NaN, double.NaN)).ToList();
        var edges = definition.Connections.Select(c => new DesignEdge(c.From, c.EffectivePort, c.To)).ToImmutableList();
        var laidOut = Arrange(new DesignState([.. nodes], edges));
        var placed = nodes.Select(n => Position(definition.Layout, n.Id) is { } at ? n with { X = at.X, Y = at.Y } : laidOut.Node(n.Id)!).ToImmutableList();
        return new DesignState(placed, edges);
    }

    /// <summary>The definition with the drawing's activities, connections and positions.</summary>
    public static WorkflowDefinition Write(WorkflowDefinition definition, DesignState state)
    {
        var layout = new JsonObject();
        foreach (var n in state.Nodes) layout[n.Id] = new JsonObject { ["x"] = Math.Round(n.X, 1), ["y"] = Math.Round(n.Y, 1) };
        return definition with
        {
            Activities = state.Nodes.Select(n => new ActivityNode { Id = n.Id, Type = n.Type, Name = n.Name, Inputs = n.Inputs?.DeepClone().AsObject() }).ToList(),
            Connections = state.Edges.Select(e => new Connection { From = e.From, Port = e.Port == Ports.Done ? null : e.Port, To = e.To }).ToList(),
            Layout = layout,
        };
    }

    /// <summary>
    /// Places every activity: the start (and anything nothing leads to) in the first column,
    /// each other activity one column right of the nearest activity leading to it, rows in the
    /// order the flow reaches them. Loops do not push activities further right. A long flow
    /// wraps into bands below (see <see cref="Bands"/>).
    /// </summary>
    public static DesignState Arrange(DesignState state)
    {
        var inbound = state.Edges.Where(e => e.From != e.To).Select(e => e.To).ToHashSet();
        var roots = state.Nodes.Where(n => n.Type == "core.start" || !inbound.Contains(n.Id)).Select(n => n.Id).ToList();
        var column = new Dictionary<string, int>();
        var order = new List<string>();
        var queue = new Queue<string>();
        foreach (var root in roots) { column[root] = 0; queue.Enqueue(root); }
        while (queue.Count > 0)
        {
            var id = queue.Dequeue();
            order.Add(id);
            foreach (var edge in state.Edges.Where(e => e.From == id))
                if (column.TryAdd(edge.To, column[id] + 1)) queue.Enqueue(edge.To);
        }
        // A cycle nothing enters from outside: put it after everything else, in definition order.
        var last = column.Count == 0 ? 0 : column.Values.Max() + 1;
        foreach (var n in state.Nodes.Where(n => !column.ContainsKey(n.Id))) { column[n.Id] = last; order.Add(n.Id); }
        var rows = new Dictionary<string, int>();
        var height = new int[column.Count == 0 ? 0 : column.Values.Max() + 1];
        foreach (var id in order) rows[id] = height[column[id]]++;
        var bands = Bands(height);
        var at = new Dictionary<string, (double X, double Y)>();
        foreach (var id in order)
        {
            var (band, slot) = bands[column[id]];
            at[id] = (Margin + slot * (DesignNode.Width + ColumnGap), band + rows[id] * (DesignNode.Height + RowGap));
        }
        return state with { Nodes = state.Nodes.ConvertAll(n => n with { X = at[n.Id].X, Y = at[n.Id].Y }) };
    }

    /// <summary>Columns a flow may take before it wraps into bands below.</summary>
    public const int MaxColumns = 8;

    /// <summary>Vertical distance between two bands of a wrapped flow.</summary>
    public const double BandGap = 96;

    // The drawing's width over height aimed at when wrapping: about the canvas's shape beside
    // the toolbox and the property panel on a laptop.
    private const double Aspect = 1.1;

    /// <summary>
    /// Where each column goes: the top of its band and its place in the band. A long flow in one
    /// row would shrink to nothing when fitted, so past <see cref="MaxColumns"/> the columns wrap
    /// into bands stacked top to bottom (a column is never split): as many bands, of at least
    /// about <see cref="MaxColumns"/> columns each, as bring the whole drawing nearest the
    /// canvas's shape, with the columns spread evenly over them.
    /// </summary>
    private static (double Top, int Slot)[] Bands(int[] height)
    {
        var columns = height.Length;
        var perBand = columns;
        if (columns > MaxColumns)
        {
            var best = double.MaxValue;
            for (var bands = 1; bands <= (columns + MaxColumns - 1) / MaxColumns; bands++)
            {
                var size = (columns + bands - 1) / bands;
                var width = size * (DesignNode.Width + ColumnGap) - ColumnGap;
                var score = Math.Abs(Math.Log(width / Stack(height, size).Bottom / Aspect));
                if (score < best) (best, perBand) = (score, size);
            }
        }
        return Stack(height, perBand).Places;
    }

    // Bands of `size` columns, each starting under the lowest activity of the band above.
    private static ((double Top, int Slot)[] Places, double Bottom) Stack(int[] height, int size)
    {
        var places = new (double, int)[height.Length];
        var top = Margin;
        for (var first = 0; first < height.Length; first += size)
        {
            var count = Math.Min(size, height.Length - first);
            var rows = Math.Max(1, height.Skip(first).Take(count).Max());
            for (var i = 0; i < count; i++) places[first + i] = (top, i);
            top += rows * (DesignNode.Height + RowGap) - RowGap + BandGap;
        }
        return (places, top - BandGap + Margin);
    }

    private static (double X, double Y)? Position(JsonObject? layout, string id) =>
        layout?[id] is JsonObject p && p["x"] is JsonValue x && p["y"] is JsonValue y
        && x.TryGetValue<double>(out var dx) && y.TryGetValue<double>(out var dy)
            ? (dx, dy)
            : null;
}
