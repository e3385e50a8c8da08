using System.Text.Json.Nodes;
using Bunit;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Web.Components.Designer;
using CrmWorkflow.Web.Designer;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests.Designer;

/// <summary>The property panel: editors generated from an activity's descriptor, edits as undoable document changes.</summary>
public sealed class PropertyPanelTests
{
    private const string Flow = """
        {
          "definitionId": "panel", "name": "Panel",
          "inputs": [{ "name": "name", "type": "string" }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "hot", "type": "core.decision", "inputs": { "condition": { "expr": "input.score >= 70" } } },
            { "id": "call", "type": "core.humanTask", "inputs": {
                "title": { "template": "Call {{ input.name }}" },
                "outcomes": ["reached", "unreachable"], "dueIn": "PT4H",
                "form": [{ "name": "notes", "label": "Notes", "type": "text", "required": true }] } },
            { "id": "route", "type": "core.decisionTable", "inputs": {
                "columns": [{ "name": "score", "expr": "input.score" }, { "name": "tier", "expr": "input.tier" }],
                "rows": [{ "conditions": [">= 70", "-"], "outputs": { "queue": "hot" } }] } },
            { "id": "legacy", "type": "crm.retired" }
          ],
          "connections": [{ "from": "start", "to": "hot" }]
        }
        """;

    private static (BunitContext Context, DesignerDocument Document) Setup()
    {
        var context = Components.Bunit.Context();
        var registry = new ActivityRegistry();
        context.Services.AddSingleton(registry).AddSingleton(new ExpressionEngine()).AddSingleton(TimeProvider.System);
        return (context, DesignerDocument.For(DefinitionJson.Parse(Flow).Definition!, registry));
    }

    private static IRenderedComponent<PropertyPanel> Panel(BunitContext context, DesignerDocument document, string nodeId) =>
        context.Render<PropertyPanel>(p => p.Add(c => c.Document, document).Add(c => c.NodeId, nodeId));

    private static JsonNode? Input(DesignerDocument document, string node, string input) => document.State.Node(node)!.Inputs?[input];

    [Fact]
    public void HumanTask_ShowsTheEditorsItsDescriptorAsksFor()
    {
        var (context, document) = Setup();
        using var _ = context;

        var panel = Panel(context, document, "call");

        Assert.Equal("Call {{ input.name }}", panel.Find("[data-test=input-title] [data-test=script]").GetAttribute("value") ?? panel.Find("[data-test=input-title] textarea").TextContent);
        Assert.Single(panel.FindAll("[data-test=input-title] [data-test=required]"));
        Assert.Empty(panel.FindAll("[data-test=input-dueIn] [data-test=required]"));
        Assert.Equal(["reached", "unreachable"], panel.FindAll("[data-test=input-outcomes] [data-test=list-item]").Select(i => i.GetAttribute("value")));
        Assert.Single(panel.FindAll("[data-test=input-form] [data-test=row]"));
        Assert.Equal("notes", panel.Find("[data-test=input-form] [data-test=cell-name]").GetAttribute("value"));
        Assert.Contains("4 hours", panel.Find("[data-test=input-dueIn] [data-test=duration-words]").TextContent);
        Assert.Contains("Due this long after creation", panel.Find("[data-test=input-dueIn] [data-test=help]").TextContent);
        Assert.NotNull(panel.Find("[data-test=input-priority] [data-test=select]"));
    }

    [Fact]
    public void Outcome_Renamed_ChangesTheInputAndItsPorts_AndUndoRestoresIt()
    {
        var (context, document) = Setup();
        using var _ = context;
        var panel = Panel(context, document, "call");

        panel.FindAll("[data-test=input-outcomes] [data-test=list-item]")[1].Change("voicemail");

        Assert.Equal("""["reached","voicemail"]""", Input(document, "call", "outcomes")!.ToJsonString());
        Assert.Contains("voicemail", document.PortsOf(document.State.Node("call")!));
        document.Undo();
        Assert.Equal("""["reached","unreachable"]""", Input(document, "call", "outcomes")!.ToJsonString());
        Assert.Equal(["reached", "unreachable"], panel.FindAll("[data-test=input-outcomes] [data-test=list-item]").Select(i => i.GetAttribute("value")));
    }

    [Fact]
    public void Duration_TypedInWords_IsStoredAsIso8601()
    {
        var (context, document) = Setup();
        using var _ = context;
        var panel = Panel(context, document, "call");

        panel.Find("[data-test=input-escalateIn] [data-test=duration]").Change("2 days");
        Assert.Equal("P2D", Input(document, "call", "escalateIn")!.GetValue<string>());

        panel.Find("[data-test=input-escalateIn] [data-test=duration]").Change("soon");
        Assert.Contains("is not a duration", panel.Find("[data-test=input-escalateIn] [data-test=field-error]").TextContent);
        Assert.Equal("P2D", Input(document, "call", "escalateIn")!.GetValue<string>());
    }

    [Fact]
    public void DecisionTable_CellEdited_ChangesTheRows_AndABadCellIsNotStored()
    {
        var (context, document) = Setup();
        using var _ = context;
        var panel = Panel(context, document, "route");

        panel.Find("[data-test=condition-0-1]").Change("gold, silver");
        Assert.Equal("gold, silver", Input(document, "route", "rows")![0]!["conditions"]![1]!.GetValue<string>());

        panel.Find("[data-test=add-rule]").Click();
        panel.Find("[data-test=output-1-0]").Change("cold");
        var rows = Input(document, "route", "rows")!.AsArray();
        Assert.Equal(2, rows.Count);
        Assert.Equal("""{"conditions":["-","-"],"outputs":{"queue":"cold"}}""", rows[1]!.ToJsonString());

        panel.Find("[data-test=condition-1-0]").Change("expr: value >=");
        Assert.Contains("line 1, column", panel.Find("[data-test=decision-table] [data-test=field-error]").TextContent);
        Assert.Equal("-", Input(document, "route", "rows")![1]!["conditions"]![0]!.GetValue<string>());
    }

    [Fact]
    public void Expression_WithASyntaxError_ShowsLineAndColumnWhileTyping_AndIsNotWrittenUntilItParses()
    {
        var (context, document) = Setup();
        using var _ = context;
        var panel = Panel(context, document, "hot");
        var box = panel.Find("[data-test=input-condition] [data-test=script]");

        box.Input("input.score >= (");
        Assert.Contains("line 1, column", panel.Find("[data-test=input-condition] [data-test=field-error]").TextContent);
        box.Change("input.score >= (");
        Assert.Equal("input.score >= 70", Input(document, "hot", "condition")!["expr"]!.GetValue<string>());
        Assert.False(document.CanUndo);

        panel.Find("[data-test=input-condition] [data-test=script]").Input("input.score >= 80");
        Assert.Empty(panel.FindAll("[data-test=input-condition] [data-test=field-error]"));
        panel.Find("[data-test=input-condition] [data-test=script]").Change("input.score >= 80");
        Assert.Equal("input.score >= 80", Input(document, "hot", "condition")!["expr"]!.GetValue<string>());
        Assert.True(document.CanUndo);
    }

    [Fact]
    public void Template_Preview_RendersTheSample_AndFollowsAnEditedSample()
    {
        var (context, document) = Setup();
        using var _ = context;
        var panel = Panel(context, document, "call");

        Assert.Equal("Call sample name", panel.Find("[data-test=input-title] [data-test=preview-output]").TextContent);
        panel.Find("[data-test=input-title] [data-test=preview-sample]").Change("""{ "input": { "name": "Ada Lovelace" } }""");

        Assert.Equal("Call Ada Lovelace", panel.Find("[data-test=input-title] [data-test=preview-output]").TextContent);
    }

    [Fact]
    public void Name_Changed_IsOneUndoStep()
    {
        var (context, document) = Setup();
        using var _ = context;
        var panel = Panel(context, document, "call");

        panel.Find("[data-test=node-name]").Change("Call the lead");
        Assert.Equal("Call the lead", document.State.Node("call")!.Name);
        document.Undo();

        Assert.Null(document.State.Node("call")!.Name);
        Assert.False(document.CanUndo);
    }

    [Fact]
    public void UnknownType_SaysSo_InsteadOfEditors()
    {
        var (context, document) = Setup();
        using var _ = context;

        var panel = Panel(context, document, "legacy");

        Assert.Contains("'crm.retired' is not an activity type", panel.Find("[data-test=unknown-type]").TextContent);
        Assert.Empty(panel.FindAll("[data-test=help]"));
    }

    [Fact]
    public void FocusInput_MarksTheInputAProblemPointsTo()
    {
        var (context, document) = Setup();
        using var _ = context;

        var panel = context.Render<PropertyPanel>(p => p.Add(c => c.Document, document).Add(c => c.NodeId, "call").Add(c => c.FocusInput, "dueIn"));

        Assert.Equal(["input-dueIn"], panel.FindAll(".prop-focus").Select(e => e.GetAttribute("data-test")));
    }
}
