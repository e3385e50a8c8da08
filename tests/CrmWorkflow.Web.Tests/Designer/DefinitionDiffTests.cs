using CrmWorkflow.Engine.Model;
using CrmWorkflow.Web.Designer;

namespace CrmWorkflow.Web.Tests.Designer;

/// <summary>What an analyst reviews between two versions: activities, their inputs, connections, the workflow's settings, and moves apart.</summary>
public sealed class DefinitionDiffTests
{
    private const string Base = """
        {
          "definitionId": "d", "name": "Approval",
          "inputs": [{ "name": "customer", "type": "string", "required": true }],
          "variables": [{ "name": "stage", "default": "new" }],
          "triggers": [{ "event": "lead.created" }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "approve", "type": "core.humanTask", "inputs": { "title": "Approve it", "role": "ClientManager", "outcomes": ["approved", "rejected"] } },
            { "id": "end", "type": "core.end" }
          ],
          "connections": [
            { "from": "start", "to": "approve" },
            { "from": "approve", "port": "approved", "to": "end" }, { "from": "approve", "port": "rejected", "to": "end" }
          ],
          "layout": { "start": { "x": 40, "y": 40 }, "approve": { "x": 320, "y": 40 }, "end": { "x": 600, "y": 40 } }
        }
        """;

    private static WorkflowDefinition Parse(string json) => DefinitionJson.Parse(json).Definition ?? throw new InvalidOperationException(json);

    private static DefinitionDiff Diff(string after) => DefinitionDiff.Compare(Parse(Base), Parse(after));

    [Fact]
    public void Compare_SameDocument_IsEmpty()
    {
        var diff = Diff(Base);

        Assert.True(diff.IsEmpty);
        Assert.Empty(diff.Moved);
    }

    [Fact]
    public void Compare_ChangedInputValue_ListsTheInputWithOldAndNewValue()
    {
        var diff = Diff(Base.Replace("\"role\": \"ClientManager\"", "\"role\": \"Consultant\""));

        var change = Assert.Single(diff.Activities);
        Assert.Equal((ChangeKind.Changed, "approve"), (change.Kind, change.Id));
        var value = Assert.Single(change.Values);
        Assert.Equal(new ValueChange("inputs.role", "\"ClientManager\"", "\"Consultant\""), value);
        Assert.Empty(diff.Connections);
        Assert.Empty(diff.Workflow);
    }

    [Fact]
    public void Compare_AddedAndRemovedActivity_ListsBothWithTheirConnections()
    {
        var after = Base
            .Replace("""{ "id": "end", "type": "core.end" }""", """{ "id": "finish", "type": "core.end", "name": "Finish" }""")
            .Replace("\"to\": \"end\"", "\"to\": \"finish\"");

        var diff = Diff(after);

        Assert.Contains(diff.Activities, a => a is { Kind: ChangeKind.Removed, Id: "end" });
        var added = Assert.Single(diff.Activities, a => a.Kind == ChangeKind.Added);
        Assert.Equal(("finish", "Finish"), (added.Id, added.Name));
        Assert.Equal(2, diff.Connections.Count(c => c is { Kind: ChangeKind.Removed, To: "end" }));
        Assert.Contains(new ConnectionChange(ChangeKind.Added, "approve", "approved", "finish"), diff.Connections);
    }

    [Fact]
    public void Compare_ChangedConnection_IsOneRemovedAndOneAdded_AndDefaultPortIsDone()
    {
        var diff = Diff(Base.Replace("""{ "from": "approve", "port": "rejected", "to": "end" }""", """{ "from": "approve", "port": "rejected", "to": "start" }"""));

        Assert.Equal([new ConnectionChange(ChangeKind.Removed, "approve", "rejected", "end"), new ConnectionChange(ChangeKind.Added, "approve", "rejected", "start")],
            diff.Connections);
        Assert.Empty(diff.Activities);
        var same = Diff(Base.Replace("""{ "from": "start", "to": "approve" }""", """{ "from": "start", "port": "done", "to": "approve" }"""));
        Assert.Empty(same.Connections);
    }

    [Fact]
    public void Compare_LayoutOnlyMove_IsListedApartAndChangesNothingElse()
    {
        var diff = Diff(Base.Replace("\"approve\": { \"x\": 320, \"y\": 40 }", "\"approve\": { \"x\": 320, \"y\": 200 }"));

        Assert.True(diff.IsEmpty);
        Assert.Equal(["approve"], diff.Moved);
    }

    [Fact]
    public void Compare_WorkflowSettings_ListsNameInputVariableAndTriggerChanges()
    {
        var after = Base
            .Replace("\"name\": \"Approval\"", "\"name\": \"Approval 2\"")
            .Replace("\"required\": true", "\"required\": false")
            .Replace("\"default\": \"new\"", "\"default\": \"fresh\"")
            .Replace("""{ "event": "lead.created" }""", """{ "event": "lead.created", "condition": "event.score > 50" }, { "event": "lead.updated" }""");

        var diff = Diff(after);

        Assert.Contains(diff.Workflow, w => w.Part == "Name" && w.Values.Single().New == "Approval 2");
        Assert.Contains(diff.Workflow, w => w is { Part: "Input", Name: "customer", Kind: ChangeKind.Changed } && w.Values.Single() == new ValueChange("required", "yes", "no"));
        Assert.Contains(diff.Workflow, w => w is { Part: "Variable", Name: "stage" } && w.Values.Single() == new ValueChange("default", "\"new\"", "\"fresh\""));
        Assert.Contains(diff.Workflow, w => w is { Part: "Trigger", Name: "lead.created", Kind: ChangeKind.Changed } && w.Values.Single().New == "event.score > 50");
        Assert.Contains(diff.Workflow, w => w is { Part: "Trigger", Name: "lead.updated", Kind: ChangeKind.Added });
        Assert.Empty(diff.Activities);
    }

    [Fact]
    public void JsonLines_ChangedLine_FacesItsOldLineAndTheRestStaysAligned()
    {
        var rows = JsonLineDiff.Compare("a\nb\nc\nd", "a\nB\nc\nd\ne");

        Assert.Equal([LineKind.Same, LineKind.Changed, LineKind.Same, LineKind.Same, LineKind.Added], rows.Select(r => r.Kind));
        Assert.Equal(("b", "B", 2, 2), (rows[1].Old, rows[1].New, rows[1].OldNumber, rows[1].NewNumber));
        Assert.Equal((null, 5), (rows[4].OldNumber, rows[4].NewNumber));
    }

    [Fact]
    public void JsonLines_RemovedLineInTheMiddle_KeepsLaterLinesSame()
    {
        var rows = JsonLineDiff.Compare("a\nx\nb\nc", "a\nb\nc");

        Assert.Equal([LineKind.Same, LineKind.Removed, LineKind.Same, LineKind.Same], rows.Select(r => r.Kind));
        Assert.Equal((3, 2), (rows[2].OldNumber!.Value, rows[2].NewNumber!.Value));
    }
}
