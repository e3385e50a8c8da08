using Bunit;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Web.Components.Designer;
using CrmWorkflow.Web.Designer;

namespace CrmWorkflow.Web.Tests.Designer;

/// <summary>The flowchart drawing: one box per activity, one arrow per connection, named ports labelled, everything in view.</summary>
public sealed class FlowCanvasTests
{
    private static DesignState Shipped(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmWorkflow.sln")))
                return DesignLayout.Read(DefinitionJson.Parse(File.ReadAllText(Path.Combine(dir.FullName, "workflows", name + ".json"))).Definition!);
        throw new InvalidOperationException("Repository root not found.");
    }

    [Fact]
    public void ComplaintHandling_DrawsEveryActivityAndConnection_WithPortLabels_AndFitsTheView()
    {
        using var context = Components.Bunit.Context();
        var state = Shipped("complaint-handling");

        var canvas = context.Render<FlowCanvas>(p => p.Add(c => c.State, state));

        Assert.Equal(state.Nodes.Count, canvas.FindAll("[data-test=node]").Count);
        Assert.Equal(state.Edges.Count, canvas.FindAll("[data-test=edge]").Count);
        var labels = canvas.FindAll(".flow-port").Select(t => t.TextContent).ToHashSet();
        Assert.Superset(new HashSet<string> { "breach", "warning", "escalationRequested", "stopped" }, labels);
        Assert.DoesNotContain("done", labels);
        var box = canvas.Find("[data-test=canvas]").GetAttribute("viewBox")!.Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.All(state.Nodes, n => Assert.True(n.X >= box[0] && n.Y >= box[1] && n.X + DesignNode.Width <= box[0] + box[2] && n.Y + DesignNode.Height <= box[1] + box[3],
            $"'{n.Id}' is outside the fitted view"));
    }

    [Fact]
    public void Zoom_InThenFit_ChangesTheViewAndBringsEverythingBack()
    {
        using var context = Components.Bunit.Context();
        var canvas = context.Render<FlowCanvas>(p => p.Add(c => c.State, Shipped("lead-routing")));
        var fitted = canvas.Find("[data-test=canvas]").GetAttribute("viewBox");

        canvas.Find("[data-test=zoom-in]").Click();
        Assert.NotEqual(fitted, canvas.Find("[data-test=canvas]").GetAttribute("viewBox"));
        canvas.Find("[data-test=fit]").Click();

        Assert.Equal(fitted, canvas.Find("[data-test=canvas]").GetAttribute("viewBox"));
    }

    [Fact]
    public void ReadOnly_WheelZoomsOutAndBackIn()
    {
        using var context = Components.Bunit.Context();
        var canvas = context.Render<FlowCanvas>(p => p.Add(c => c.State, Shipped("lead-routing")));
        var fitted = canvas.Find("[data-test=canvas]").GetAttribute("viewBox");

        canvas.Find("[data-test=canvas]").Wheel(new() { DeltaY = 100 });
        Assert.NotEqual(fitted, canvas.Find("[data-test=canvas]").GetAttribute("viewBox"));
        canvas.Find("[data-test=canvas]").Wheel(new() { DeltaY = -100 });

        Assert.Equal(fitted, canvas.Find("[data-test=canvas]").GetAttribute("viewBox"));
    }

    [Fact]
    public void Highlighted_ActivitiesAndTheConnectionsBetweenThem_AreLit()
    {
        using var context = Components.Bunit.Context();
        var state = Shipped("lead-routing");
        var path = state.Edges.Take(1).SelectMany(e => new[] { e.From, e.To }).ToHashSet();

        var canvas = context.Render<FlowCanvas>(p => p.Add(c => c.State, state).Add(c => c.Highlighted, path));

        Assert.Equal(path.Order(), canvas.FindAll("g.flow-lit").Select(g => g.GetAttribute("data-id")!).Order());
        Assert.Single(canvas.FindAll("path.flow-lit"));
    }

    [Fact]
    public void Waiting_ActivitiesAreMarkedApartFromThosePassed()
    {
        using var context = Components.Bunit.Context();
        var state = Shipped("lead-routing");
        var edge = state.Edges[0];

        var canvas = context.Render<FlowCanvas>(p => p.Add(c => c.State, state)
            .Add(c => c.Highlighted, new HashSet<string> { edge.From, edge.To }).Add(c => c.Waiting, new HashSet<string> { edge.To }));

        Assert.Equal([edge.To], canvas.FindAll("g.flow-waiting").Select(g => g.GetAttribute("data-id")));
        Assert.Contains("flow-lit", canvas.Find($"g[data-id='{edge.From}']").ClassName);
        Assert.DoesNotContain("flow-waiting", canvas.Find($"g[data-id='{edge.From}']").ClassName);
    }
}
