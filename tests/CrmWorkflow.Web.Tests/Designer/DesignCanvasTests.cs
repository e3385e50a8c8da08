using System.Diagnostics;
using System.Text.Json.Nodes;
using Bunit;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Validation;
using CrmWorkflow.Web.Components.Designer;
using CrmWorkflow.Web.Designer;

namespace CrmWorkflow.Web.Tests.Designer;

/// <summary>The canvas as the designer uses it: port handles, selection, and where validation problems point.</summary>
public sealed class DesignCanvasTests(ITestOutputHelper output)
{
    private static readonly ActivityRegistry Registry = new ActivityRegistry().AddAssembly(typeof(CrmWorkflow.Crm.Activities.RouteLeadActivity).Assembly);
    private static readonly WorkflowCompiler Compiler = new(Registry, new ExpressionEngine());

    private static DesignerDocument Large(int count) =>
        DesignerDocument.For(DefinitionJson.Parse(LargeFlow.Definition("big", count).ToJsonString()).Definition!, Registry);

    [Fact]
    public void Editable_ShowsEveryPortOfEachActivity_AndOutlinesTheSelection()
    {
        using var context = Components.Bunit.Context();
        var doc = DesignerDocument.For(new WorkflowDefinition { DefinitionId = "d", Name = "D" }, Registry);
        doc.Add("core.humanTask", 0, 0, new JsonObject { ["title"] = "Approve", ["outcomes"] = new JsonArray("approve", "reject") });
        doc.Add("core.decision", 300, 0);

        var canvas = context.Render<FlowCanvas>(p => p.Add(c => c.State, doc.State).Add(c => c.Ports, doc.PortsOf)
            .Add(c => c.Editable, true).Add(c => c.Selected, doc.Selection));

        Assert.Equal(["approve", "reject"], canvas.FindAll("[data-id=humanTask1] [data-test=port]").Select(p => p.GetAttribute("data-port")));
        Assert.Equal(["true", "false"], canvas.FindAll("[data-id=decision1] [data-test=port]").Select(p => p.GetAttribute("data-port")));
        Assert.Equal(["decision1"], canvas.FindAll("g.flow-selected").Select(g => g.GetAttribute("data-id")));
        Assert.Empty(canvas.FindAll("[data-test=minimap]"));
    }

    [Fact]
    public void Editable_ShowsTheMinimap_OnlyForFlowsTooBigToTakeInAtAGlance()
    {
        using var context = Components.Bunit.Context();
        var small = context.Render<FlowCanvas>(p => p.Add(c => c.State, Large(FlowCanvas.MinimapFrom - 1).State).Add(c => c.Editable, true));
        var large = context.Render<FlowCanvas>(p => p.Add(c => c.State, Large(FlowCanvas.MinimapFrom).State).Add(c => c.Editable, true));

        Assert.Empty(small.FindAll("[data-test=minimap]"));
        Assert.Single(large.FindAll("[data-test=minimap]"));
    }

    [Fact]
    public void Editable_KeepsTheUsersView_WhenTheDrawingChanges()
    {
        using var context = Components.Bunit.Context();
        var doc = Large(10);
        var canvas = context.Render<FlowCanvas>(p => p.Add(c => c.State, doc.State).Add(c => c.Editable, true));
        canvas.Find("[data-test=zoom-in]").Click();
        var zoomed = canvas.Find("[data-test=canvas]").GetAttribute("viewBox");

        doc.Add("core.end", 5000, 5000);
        canvas.Render(p => p.Add(c => c.State, doc.State));

        Assert.Equal(zoomed, canvas.Find("[data-test=canvas]").GetAttribute("viewBox"));
        Assert.Equal(11, canvas.FindAll("[data-test=node]").Count);
    }

    [Fact]
    public void Editable_ViewChangedInTheBrowser_IsWhereTheZoomButtonsStartFrom_AndFitStillFits()
    {
        using var context = Components.Bunit.Context();
        var doc = Large(10);
        var canvas = context.Render<FlowCanvas>(p => p.Add(c => c.State, doc.State).Add(c => c.Editable, true));
        var fitted = canvas.Find("[data-test=canvas]").GetAttribute("viewBox");
        // The editor's wheel zooms in app.js: no round trip per wheel tick.
        Assert.Throws<MissingEventHandlerException>(() => canvas.Find("[data-test=canvas]").Wheel(new() { DeltaY = 100 }));

        // app.js reports where a wheel zoom, a pan or the minimap left the view.
        canvas.InvokeAsync(() => canvas.Instance.OnPan(1000, 100, 400, 200));
        Assert.Equal("1000 100 400 200", canvas.Find("[data-test=canvas]").GetAttribute("viewBox"));
        Assert.Equal(["1000", "100"], [canvas.Find("[data-test=minimap-view]").GetAttribute("x")!, canvas.Find("[data-test=minimap-view]").GetAttribute("y")!]);
        canvas.Find("[data-test=zoom-in]").Click();
        Assert.Equal("1040 120 320 160", canvas.Find("[data-test=canvas]").GetAttribute("viewBox"));
        canvas.Find("[data-test=fit]").Click();
        Assert.Equal(fitted, canvas.Find("[data-test=canvas]").GetAttribute("viewBox"));
    }

    [Fact]
    public void TwoHundredActivities_ValidAndRenderedWellUnderASecond()
    {
        using var context = Components.Bunit.Context();
        var doc = Large(200);
        Assert.Empty(Compiler.Validate(doc.ToDefinition() with { Version = 1 }));
        context.Render<FlowCanvas>(p => p.Add(c => c.State, doc.State).Add(c => c.Ports, doc.PortsOf).Add(c => c.Editable, true));

        var clock = Stopwatch.StartNew();
        var canvas = context.Render<FlowCanvas>(p => p.Add(c => c.State, doc.State).Add(c => c.Ports, doc.PortsOf).Add(c => c.Editable, true));
        var render = clock.Elapsed;
        clock.Restart();
        doc.Select(["a10", "a11"]);
        doc.MoveSelection(40, 0);
        canvas.Render(p => p.Add(c => c.State, doc.State));
        var move = clock.Elapsed;

        output.WriteLine($"200 activities: first render {render.TotalMilliseconds:0.0} ms, re-render after a move {move.TotalMilliseconds:0.0} ms");
        Assert.Equal(200, canvas.FindAll("[data-test=node]").Count);
        Assert.True(render < TimeSpan.FromSeconds(1), $"Rendering took {render.TotalMilliseconds:0} ms.");
    }

    [Theory]
    [InlineData("$.activities[1].inputs.condition", "decision1", null, "condition")]
    [InlineData("$.activities[2]", "end1", null, null)]
    [InlineData("$.connections[0].port", "start1", "start1>done>decision1", null)]
    [InlineData("$.activities", null, null, null)]
    [InlineData("$.activities[9]", null, null, null)]
    public void ProblemTarget_PointsAtTheActivityConnectionAndInput(string path, string? node, string? edge, string? input)
    {
        var doc = DesignerDocument.For(new WorkflowDefinition { DefinitionId = "d", Name = "D" }, Registry);
        doc.Add("core.start", 0, 0);
        doc.Add("core.decision", 300, 0);
        doc.Add("core.end", 600, 0);
        doc.Connect("start1", "done", "decision1");

        var target = ProblemTarget.Of(doc.State, path);

        Assert.Equal(node, target?.NodeId);
        Assert.Equal(edge, target?.Edge is { } e ? $"{e.From}>{e.Port}>{e.To}" : null);
        Assert.Equal(input, target?.Input);
    }

    [Fact]
    public void ProblemTarget_OfARealProblem_SelectsTheActivityMissingAnInput()
    {
        var doc = DesignerDocument.For(new WorkflowDefinition { DefinitionId = "d", Name = "D" }, Registry);
        doc.Add("core.start", 0, 0);
        doc.Add("core.decision", 300, 0);
        doc.Connect("start1", "done", "decision1");

        var problem = Assert.Single(Compiler.Validate(doc.ToDefinition() with { Version = 1 }));

        Assert.Equal(new ProblemTarget("decision1", null, "condition"), ProblemTarget.Of(doc.State, problem.Path));
    }
}
