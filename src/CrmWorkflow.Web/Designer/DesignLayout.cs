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
    /// order the flow reaches them. Loops do not push activities further right.
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
        var rows = new Dictionary<int, int>();
        var at = new Dictionary<string, (double X, double Y)>();
        foreach (var id in order)
        {
            var c = column[id];
            var r = rows[c] = rows.GetValueOrDefault(c, -1) + 1;
            at[id] = (Margin + c * (DesignNode.Width + ColumnGap), Margin + r * (DesignNode.Height + RowGap));
        }
        return state with { Nodes = state.Nodes.ConvertAll(n => n with { X = at[n.Id].X, Y = at[n.Id].Y }) };
    }

    private static (double X, double Y)? Position(JsonObject? layout, string id) =>
        layout?[id] is JsonObject p && p["x"] is JsonValue x && p["y"] is JsonValue y
        && x.TryGetValue<double>(out var dx) && y.TryGetValue<double>(out var dy)
            ? (dx, dy)
            : null;
}
