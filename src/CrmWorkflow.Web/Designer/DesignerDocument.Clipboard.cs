using System.Text.Json.Nodes;

namespace CrmWorkflow.Web.Designer;

public sealed partial class DesignerDocument
{
    /// <summary>
    /// The selected activities and the connections among them, as JSON the browser's clipboard
    /// can hold (and another workflow's designer can paste).
    /// </summary>
    public string Copy()
    {
        var picked = Selection;
        var nodes = new JsonArray(State.Nodes.Where(n => picked.Contains(n.Id)).Select(n => (JsonNode)new JsonObject
        {
            ["id"] = n.Id, ["type"] = n.Type, ["name"] = n.Name, ["inputs"] = n.Inputs?.DeepClone(), ["x"] = n.X, ["y"] = n.Y,
        }).ToArray());
        var edges = new JsonArray(State.Edges.Where(e => picked.Contains(e.From) && picked.Contains(e.To))
            .Select(e => (JsonNode)new JsonObject { ["from"] = e.From, ["port"] = e.Port, ["to"] = e.To }).ToArray());
        return new JsonObject { ["crmWorkflowClipboard"] = 1, ["activities"] = nodes, ["connections"] = edges }.ToJsonString();
    }

    /// <summary>
    /// Pastes copied activities moved by an offset, with new ids where the old ones are taken and
    /// their connections among themselves; the pasted activities become the selection. One undo step.
    /// </summary>
    public IReadOnlyList<DesignNode> Paste(string clipboard, double dx, double dy)
    {
        JsonObject? root;
        try
        {
            root = JsonNode.Parse(clipboard) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            root = null;
        }
        if (root?["crmWorkflowClipboard"] is null || root["activities"] is not JsonArray activities)
            throw new DesignerException("The clipboard does not hold copied activities.");
        var state = State;
        var ids = new Dictionary<string, string>();
        var added = new List<DesignNode>();
        foreach (var a in activities.OfType<JsonObject>())
        {
            var oldId = (string?)a["id"] ?? throw new DesignerException("A copied activity has no id.");
            var type = (string?)a["type"] ?? throw new DesignerException($"Copied activity '{oldId}' has no type.");
            var id = state.Node(oldId) is null && !ids.ContainsValue(oldId) ? oldId : NewId(state, type);
            var node = new DesignNode(id, type, (string?)a["name"], a["inputs"]?.DeepClone() as JsonObject,
                ((double?)a["x"] ?? 0) + dx, ((double?)a["y"] ?? 0) + dy);
            ids[oldId] = id;
            state = state with { Nodes = state.Nodes.Add(node) };
            added.Add(node);
        }
        var edges = (root["connections"] as JsonArray ?? []).OfType<JsonObject>()
            .Select(c => (From: (string?)c["from"], Port: (string?)c["port"] ?? "done", To: (string?)c["to"]))
            .Where(c => c.From is not null && c.To is not null && ids.ContainsKey(c.From) && ids.ContainsKey(c.To))
            .Select(c => new DesignEdge(ids[c.From!], c.Port, ids[c.To!]));
        Apply(state with { Edges = state.Edges.AddRange(edges) });
        Select(added.Select(n => n.Id));
        return added;
    }

    /// <summary>Lays every activity out again (one undo step).</summary>
    public void AutoLayout() => Apply(DesignLayout.Arrange(State));

    /// <summary>The definition as drawn, with the layout, ready to save as a draft.</summary>
    public Engine.Model.WorkflowDefinition ToDefinition() => DesignLayout.Write(Definition, State);
}
