using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace CrmWorkflow.Web.Designer;

/// <summary>An activity on the canvas: its definition node and where it sits.</summary>
public sealed record DesignNode(string Id, string Type, string? Name, JsonObject? Inputs, double X, double Y)
{
    /// <summary>The canvas size of a node, used by layout and hit tests.</summary>
    public const double Width = 200, Height = 64;

    /// <summary>Vertical room per port: a label (11 px) and its handle (12 px) clear of the next.</summary>
    public const double PortPitch = 14;

    /// <summary>
    /// A node's drawn height with <paramref name="ports"/> ports on its right side: the usual
    /// height, taller for activities with many ports (an SLA clock has six) so their labels and
    /// handles do not overlap. Still short of the layout's row pitch, so rows never collide.
    /// </summary>
    public static double HeightFor(int ports) => Math.Max(Height, (ports + 1) * PortPitch);
}

/// <summary>A connection from a port of one activity to another activity.</summary>
public sealed record DesignEdge(string From, string Port, string To);

/// <summary>
/// One immutable moment of the drawing. Every operation makes a new state, so undo and redo
/// are a stack of states and nothing can half-apply.
/// </summary>
public sealed record DesignState(ImmutableList<DesignNode> Nodes, ImmutableList<DesignEdge> Edges)
{
    /// <summary>An empty canvas.</summary>
    public static DesignState Empty { get; } = new([], []);

    /// <summary>The node with this id, or null.</summary>
    public DesignNode? Node(string id) => Nodes.Find(n => n.Id == id);

    /// <summary>The edges touching a node.</summary>
    public IEnumerable<DesignEdge> EdgesOf(string id) => Edges.Where(e => e.From == id || e.To == id);
}
