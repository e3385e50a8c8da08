using System.Collections.Immutable;
using System.Text.Json.Nodes;

namespace CrmWorkflow.Web.Designer;

/// <summary>An activity on the canvas: its definition node and where it sits.</summary>
public sealed record DesignNode(string Id, string Type, string? Name, JsonObject? Inputs, double X, double Y)
{
    /// <summary>The canvas size of a node, used by layout and hit tests.</summary>
    public const double Width = 200, Height = 64;
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
