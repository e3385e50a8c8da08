using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Web.Designer;

namespace CrmWorkflow.Web.Tests.Designer;

/// <summary>Automatic layout: what an analyst sees after "Auto layout", from short flows to 200 steps.</summary>
public sealed class DesignLayoutTests
{
    private static readonly ActivityRegistry Registry = new ActivityRegistry().AddAssembly(typeof(CrmWorkflow.Crm.Activities.RouteLeadActivity).Assembly);

    private static DesignerDocument Large(int count) =>
        DesignerDocument.For(DefinitionJson.Parse(LargeFlow.Definition("big", count).ToJsonString()).Definition!, Registry);

    // start -> a1 -> ... -> end, all piled on one spot so only the layout places them.
    private static DesignState Chain(int count)
    {
        var nodes = Enumerable.Range(0, count).Select(i => new DesignNode($"n{i}", i == 0 ? "core.start" : "core.setVariable", null, null, 0, 0));
        var edges = Enumerable.Range(1, count - 1).Select(i => new DesignEdge($"n{i - 1}", Ports.Done, $"n{i}"));
        return new DesignState([.. nodes], [.. edges]);
    }

    private static (double Width, double Height) Extent(DesignState state) =>
        (state.Nodes.Max(n => n.X) + DesignNode.Width - state.Nodes.Min(n => n.X),
         state.Nodes.Max(n => n.Y) + DesignNode.Height - state.Nodes.Min(n => n.Y));

    private static void AssertNoOverlap(DesignState state)
    {
        var nodes = state.Nodes.OrderBy(n => n.X).ToList();
        for (var i = 0; i < nodes.Count; i++)
            for (var j = i + 1; j < nodes.Count && nodes[j].X < nodes[i].X + DesignNode.Width; j++)
                Assert.False(Math.Abs(nodes[i].Y - nodes[j].Y) < DesignNode.Height, $"{nodes[i].Id} and {nodes[j].Id} overlap");
    }

    [Fact]
    public void AutoLayout_TwoHundredActivities_WrapsIntoBandsRoughlyAsWideAsHigh_WithoutOverlap()
    {
        var doc = Large(200);

        doc.AutoLayout();

        AssertNoOverlap(doc.State);
        var (width, height) = Extent(doc.State);
        Assert.InRange(width / height, 1 / 3.0, 3.0);
        var start = doc.State.Node("start")!;
        Assert.Equal((DesignLayout.Margin, DesignLayout.Margin), (start.X, start.Y));
        Assert.All(doc.State.Nodes, n => Assert.True(n.X >= start.X && n.Y >= start.Y, $"{n.Id} is above or left of the start"));
    }

    [Fact]
    public void Arrange_LongChain_ContinuesEachBandUnderThePreviousOne()
    {
        var state = DesignLayout.Arrange(Chain(200));

        AssertNoOverlap(state);
        var (width, height) = Extent(state);
        Assert.InRange(width / height, 1 / 3.0, 3.0);
        // Steps run left to right within a band; the next band starts again at the left, lower down.
        var ys = state.Nodes.Select(n => n.Y).Distinct().Order().ToList();
        Assert.True(ys.Count > 1);
        Assert.All(state.Nodes.Zip(state.Nodes.Skip(1)), pair =>
            Assert.True(pair.Second.Y == pair.First.Y ? pair.Second.X > pair.First.X : pair.Second.Y > pair.First.Y && pair.Second.X == DesignLayout.Margin));
    }

    [Fact]
    public void Arrange_ShortChain_StaysOneRow()
    {
        var state = DesignLayout.Arrange(Chain(5));

        Assert.Single(state.Nodes.Select(n => n.Y).Distinct());
        Assert.Equal(state.Nodes.Select(n => n.X).Order(), state.Nodes.Select(n => n.X));
        Assert.Equal(DesignLayout.Margin, state.Nodes[0].X);
    }

    [Fact]
    public void Arrange_WrappedFlowWithBranches_KeepsEachColumnsBranchesTogether()
    {
        // Twelve steps, each a decision whose two branches meet again: branches share a column.
        var nodes = new List<DesignNode> { new("s", "core.start", null, null, 0, 0) };
        var edges = new List<DesignEdge>();
        var previous = "s";
        for (var i = 0; i < 12; i++)
        {
            nodes.AddRange([new($"d{i}", "core.decision", null, null, 0, 0), new($"t{i}", "core.setVariable", null, null, 0, 0),
                new($"f{i}", "core.setVariable", null, null, 0, 0), new($"m{i}", "core.setVariable", null, null, 0, 0)]);
            edges.AddRange([new(previous, Ports.Done, $"d{i}"), new($"d{i}", "true", $"t{i}"), new($"d{i}", "false", $"f{i}"),
                new($"t{i}", Ports.Done, $"m{i}"), new($"f{i}", Ports.Done, $"m{i}")]);
            previous = $"m{i}";
        }

        var state = DesignLayout.Arrange(new DesignState([.. nodes], [.. edges]));

        AssertNoOverlap(state);
        Assert.True(state.Nodes.Select(n => n.Y).Distinct().Count() > 2, "a flow of 37 columns wraps");
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(state.Node($"t{i}")!.X, state.Node($"f{i}")!.X);
            Assert.Equal(DesignNode.Height + DesignLayout.RowGap, state.Node($"f{i}")!.Y - state.Node($"t{i}")!.Y);
        }
    }

    [Fact]
    public void Layout_OfAWrappedFlow_RoundTripsThroughTheDefinition()
    {
        var doc = Large(60);
        doc.AutoLayout();

        var reopened = DesignerDocument.For(doc.ToDefinition(), Registry);

        Assert.Equal(doc.State.Nodes.Select(n => (n.Id, n.X, n.Y)), reopened.State.Nodes.Select(n => (n.Id, n.X, n.Y)));
        // Without a saved layout the definition opens in the same wrapped arrangement.
        var bare = DesignerDocument.For(doc.ToDefinition() with { Layout = null }, Registry);
        Assert.Equal(doc.State.Nodes.Select(n => (n.Id, n.X, n.Y)), bare.State.Nodes.Select(n => (n.Id, n.X, n.Y)));
    }
}
