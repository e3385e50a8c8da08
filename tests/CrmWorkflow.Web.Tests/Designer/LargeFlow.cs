using System.Text.Json.Nodes;

namespace CrmWorkflow.Web.Tests;

/// <summary>A generated valid workflow of any size: a start, then a chain of variables set and decisions whose both branches go on, then an end.</summary>
public static class LargeFlow
{
    public static JsonObject Definition(string id, int activities)
    {
        var nodes = new JsonArray { new JsonObject { ["id"] = "start", ["type"] = "core.start" } };
        var connections = new JsonArray();
        var previous = "start";
        var previousIsDecision = false;
        void Link(string to)
        {
            foreach (var port in previousIsDecision ? new string?[] { "true", "false" } : [null])
                connections.Add(new JsonObject { ["from"] = previous, ["port"] = port, ["to"] = to });
        }
        for (var i = 1; i < activities - 1; i++)
        {
            var node = $"a{i}";
            var decision = i % 3 == 0;
            nodes.Add(decision
                ? new JsonObject { ["id"] = node, ["type"] = "core.decision", ["inputs"] = new JsonObject { ["condition"] = new JsonObject { ["expr"] = $"vars.n > {i}" } } }
                : new JsonObject { ["id"] = node, ["type"] = "core.setVariable", ["inputs"] = new JsonObject { ["variable"] = "n", ["value"] = i } });
            Link(node);
            (previous, previousIsDecision) = (node, decision);
        }
        nodes.Add(new JsonObject { ["id"] = "finish", ["type"] = "core.end" });
        Link("finish");
        return new JsonObject { ["definitionId"] = id, ["name"] = $"{activities} activities", ["activities"] = nodes, ["connections"] = connections };
    }
}
