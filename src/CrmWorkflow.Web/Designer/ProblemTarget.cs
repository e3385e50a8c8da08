using System.Text.RegularExpressions;

namespace CrmWorkflow.Web.Designer;

/// <summary>
/// What a validation problem points at on the canvas: its path (<c>$.activities[3].inputs.title</c>,
/// <c>$.connections[1].port</c>) read against the drawing the validated definition came from.
/// <see cref="DesignerDocument.ToDefinition"/> writes nodes and edges in the drawing's order, so
/// the indexes match.
/// </summary>
public sealed partial record ProblemTarget(string? NodeId, DesignEdge? Edge, string? Input)
{
    /// <summary>The target of a path, or null when it points at the workflow as a whole.</summary>
    public static ProblemTarget? Of(DesignState state, string path)
    {
        var m = PathPattern().Match(path);
        if (!m.Success) return null;
        var index = int.Parse(m.Groups["i"].Value, System.Globalization.CultureInfo.InvariantCulture);
        if (m.Groups["list"].Value == "activities")
            return index < state.Nodes.Count
                ? new ProblemTarget(state.Nodes[index].Id, null, m.Groups["input"].Success ? m.Groups["input"].Value : null)
                : null;
        return index < state.Edges.Count ? new ProblemTarget(state.Edges[index].From, state.Edges[index], null) : null;
    }

    [GeneratedRegex(@"^\$\.(?<list>activities|connections)\[(?<i>\d+)\](?:\.inputs\.(?<input>[A-Za-z0-9_]+))?")]
    private static partial Regex PathPattern();
}
