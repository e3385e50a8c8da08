using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Validation;
using CrmWorkflow.Web.Designer;

namespace CrmWorkflow.Web.Tests.Designer;

/// <summary>The designer's model operations, as an analyst's gestures, without a browser.</summary>
public sealed class DesignerDocumentTests
{
    private static readonly ActivityRegistry Registry = new ActivityRegistry().AddAssembly(typeof(CrmWorkflow.Crm.Activities.RouteLeadActivity).Assembly);

    private static DesignerDocument Blank() =>
        DesignerDocument.For(new WorkflowDefinition { DefinitionId = "drawn", Name = "Drawn" }, Registry);

    // start -> decision (true: approve task; false: end)
    private static DesignerDocument Drawn()
    {
        var doc = Blank();
        doc.Add("core.start", 0, 0);
        doc.Add("core.decision", 300, 0, new JsonObject { ["condition"] = new JsonObject { ["expr"] = "input.amount > 100" } });
        doc.Add("core.humanTask", 600, 0, new JsonObject { ["title"] = "Approve", ["role"] = "Admin", ["outcomes"] = new JsonArray("approve", "reject") });
        doc.Add("core.end", 600, 200);
        doc.Connect("start1", "done", "decision1");
        doc.Connect("decision1", "true", "humanTask1");
        doc.Connect("decision1", "false", "end1");
        return doc;
    }

    [Fact]
    public void AddAndConnect_MakesADefinitionTheEngineAccepts()
    {
        var doc = Drawn();

        var definition = doc.ToDefinition();

        Assert.Equal(["start1", "decision1", "humanTask1", "end1"], definition.Activities.Select(a => a.Id));
        Assert.Equal([("start1", "done", "decision1"), ("decision1", "true", "humanTask1"), ("decision1", "false", "end1")],
            definition.Connections.Select(c => (c.From, c.EffectivePort, c.To)));
        Assert.Null(definition.Connections[0].Port); // "done" is written as the default
        Assert.Empty(new WorkflowCompiler(Registry, new ExpressionEngine()).Validate(definition with { Version = 1 }));
    }

    [Fact]
    public void Connect_ToAPortTheActivityDoesNotHave_OrIntoStart_OrTwice_IsRefusedWithWhy()
    {
        var doc = Drawn();

        Assert.Contains("its ports are true, false", Assert.Throws<DesignerException>(() => doc.Connect("decision1", "maybe", "end1")).Message);
        Assert.Contains("approve, reject", Assert.Throws<DesignerException>(() => doc.Connect("humanTask1", "done", "end1")).Message);
        Assert.Contains("start", Assert.Throws<DesignerException>(() => doc.Connect("end1", "done", "start1")).Message);
        Assert.Contains("already", Assert.Throws<DesignerException>(() => doc.Connect("decision1", "false", "end1")).Message);
        Assert.Equal(3, doc.State.Edges.Count);
        doc.Connect("humanTask1", "approve", "end1");
        Assert.Equal(4, doc.State.Edges.Count);
    }

    [Fact]
    public void Delete_RemovesTheActivityWithItsConnections_AndUndoBringsBothBack()
    {
        var doc = Drawn();
        doc.Select(["decision1"]);

        doc.DeleteSelection();

        Assert.Null(doc.State.Node("decision1"));
        Assert.Empty(doc.State.Edges);
        Assert.Empty(doc.Selection);
        Assert.True(doc.Undo());
        Assert.NotNull(doc.State.Node("decision1"));
        Assert.Equal(3, doc.State.Edges.Count);
        Assert.True(doc.Redo());
        Assert.Empty(doc.State.Edges);
    }

    [Fact]
    public void UndoRedo_WalkEveryStep_AndANewEditDropsTheRedo()
    {
        var doc = Blank();
        doc.Add("core.start", 0, 0);
        doc.Add("core.end", 300, 0);
        doc.Connect("start1", "done", "end1");
        doc.Select(["end1"]);
        doc.MoveSelection(40, 10);

        Assert.Equal((340, 10), (doc.State.Node("end1")!.X, doc.State.Node("end1")!.Y));
        Assert.True(doc.Undo());                // the move
        Assert.Equal(300, doc.State.Node("end1")!.X);
        Assert.True(doc.Undo());                // the connection
        Assert.Empty(doc.State.Edges);
        Assert.True(doc.Undo());                // end1
        Assert.True(doc.Undo());                // start1
        Assert.Empty(doc.State.Nodes);
        Assert.False(doc.Undo());
        Assert.True(doc.Redo());
        Assert.Single(doc.State.Nodes);

        doc.Add("core.log", 100, 100);          // a new edit after undo: redo is gone
        Assert.False(doc.CanRedo);
        Assert.Equal(["start1", "log1"], doc.State.Nodes.Select(n => n.Id));
    }

    [Fact]
    public void CopyPaste_TwoConnectedActivities_GetNewIdsAndKeepTheirConnectionOnly()
    {
        var doc = Drawn();
        doc.Select(["decision1", "humanTask1"]);
        var clipboard = doc.Copy();

        var pasted = doc.Paste(clipboard, 0, 300);

        Assert.Equal(["decision2", "humanTask2"], pasted.Select(n => n.Id));
        Assert.Equal((300, 300), (pasted[0].X, pasted[0].Y));
        Assert.Equal("input.amount > 100", pasted[0].Inputs!["condition"]!["expr"]!.GetValue<string>());
        Assert.Contains(new DesignEdge("decision2", "true", "humanTask2"), doc.State.Edges);
        Assert.DoesNotContain(doc.State.Edges, e => e.To == "decision2"); // the start1 edge pointed outside the copy
        Assert.Equal(["decision2", "humanTask2"], doc.Selection.Order());
        doc.Undo();
        Assert.Equal(4, doc.State.Nodes.Count);
        Assert.Throws<DesignerException>(() => doc.Paste("not json", 0, 0));
    }

    [Fact]
    public void Layout_RoundTripsThroughTheDefinition_AndActivitiesWithoutAPositionAreLaidOut()
    {
        var doc = Drawn();
        doc.Select(["humanTask1"]);
        doc.MoveSelection(12.5, -7);

        var saved = doc.ToDefinition();
        var reopened = DesignerDocument.For(saved, Registry);

        Assert.Equal(doc.State.Nodes.Select(n => (n.Id, n.X, n.Y)), reopened.State.Nodes.Select(n => (n.Id, n.X, n.Y)));
        Assert.Equal(doc.State.Edges, reopened.State.Edges);

        // A definition written by hand, without a layout: start in the first column, then one column per step.
        var bare = DesignerDocument.For(saved with { Layout = null }, Registry).State;
        Assert.True(bare.Node("start1")!.X < bare.Node("decision1")!.X);
        Assert.True(bare.Node("decision1")!.X < bare.Node("humanTask1")!.X);
        Assert.Equal(bare.Node("humanTask1")!.X, bare.Node("end1")!.X);
        Assert.NotEqual(bare.Node("humanTask1")!.Y, bare.Node("end1")!.Y);
    }

    [Fact]
    public void AutoLayout_OfAShippedWorkflowWithLoops_PlacesEveryActivityWithoutOverlap()
    {
        var json = File.ReadAllText(Path.Combine(Root(), "workflows", "complaint-handling.json"));
        var doc = DesignerDocument.For(DefinitionJson.Parse(json).Definition!, Registry);

        doc.AutoLayout();

        var spots = doc.State.Nodes.Select(n => (n.X, n.Y)).ToList();
        Assert.Equal(spots.Count, spots.Distinct().Count());
        Assert.All(doc.State.Nodes, n => Assert.False(double.IsNaN(n.X) || double.IsNaN(n.Y)));
        Assert.Equal(0, doc.State.Node("start")!.X - DesignLayout.Margin);
        Assert.True(doc.Undo());
    }

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmWorkflow.sln"))) return dir.FullName;
        throw new InvalidOperationException("Repository root not found.");
    }
}
