using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Web.Components.Designer;
using CrmWorkflow.Web.Designer;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests.Designer;

/// <summary>
/// The shipped workflows open drawn by hand (their <c>layout</c>), not by the automatic layout:
/// every activity has a place, no boxes overlap, and the drawing is not a long thin strip.
/// </summary>
public sealed class ShippedLayoutTests
{
    public static TheoryData<string> Workflows() =>
        [.. Directory.GetFiles(Path.Combine(Shipped.Root, "workflows"), "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order()];

    private static WorkflowDefinition Load(string name)
    {
        var parsed = DefinitionJson.Parse(File.ReadAllText(Path.Combine(Shipped.Root, "workflows", name + ".json")));
        Assert.Empty(parsed.Problems);
        return parsed.Definition!;
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Layout_EveryActivity_HasAPosition(string name)
    {
        var definition = Load(name);

        Assert.NotNull(definition.Layout);
        Assert.All(definition.Activities, a => Assert.True(
            definition.Layout![a.Id] is JsonObject p && p["x"] is JsonValue && p["y"] is JsonValue, $"{name}: '{a.Id}' has no place in the layout"));
        Assert.Empty(definition.Layout!.Select(p => p.Key).Except(definition.Activities.Select(a => a.Id)));
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Layout_NoTwoBoxes_OverlapOrTouch(string name)
    {
        var nodes = DesignLayout.Read(Load(name)).Nodes;

        // Closer than this and the boxes (and a port label between them) run together.
        const double air = 16;
        foreach (var a in nodes)
            foreach (var b in nodes.Where(b => string.CompareOrdinal(a.Id, b.Id) < 0))
                Assert.False(Math.Abs(a.X - b.X) < DesignNode.Width + air && Math.Abs(a.Y - b.Y) < DesignNode.Height + air,
                    $"{name}: '{a.Id}' ({a.X},{a.Y}) and '{b.Id}' ({b.X},{b.Y}) overlap");
    }

    [Theory]
    [MemberData(nameof(Workflows))]
    public void Layout_Fitted_IsNoLongThinStrip(string name)
    {
        var (left, top, right, bottom) = FlowBounds.Of(DesignLayout.Read(Load(name)))!.Value;

        Assert.InRange((right - left) / (bottom - top), 1.0, 3.5);
    }
}
