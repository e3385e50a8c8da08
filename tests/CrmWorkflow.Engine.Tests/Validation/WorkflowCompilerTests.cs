using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Validation;

public class WorkflowCompilerTests
{
    private readonly TestEngine _engine = new();

    private const string Start = """{ "id": "start", "type": "core.start" }""";
    private const string Log = """{ "id": "note", "type": "core.log", "inputs": { "message": "hi" } }""";
    private const string StartToNote = """{ "from": "start", "to": "note" }""";

    private ValidationProblem Single(string activities, string connections, string extra = "")
    {
        var problems = _engine.Problems(Flow.Of(activities, connections, extra));
        return Assert.Single(problems);
    }

    [Fact]
    public void Validate_MinimalValidFlow_HasNoProblems() =>
        Assert.Empty(_engine.Problems(Flow.Of($"{Start}, {Log}", StartToNote)));

    [Fact]
    public void Validate_UnknownActivityType_ReportsTypePath()
    {
        var problem = Single($"{Start}, {Log}, " + """{ "id": "x", "type": "core.teleport" }""", StartToNote);
        Assert.Equal("$.activities[2].type", problem.Path);
        Assert.Contains("core.teleport", problem.Message);
    }

    [Fact]
    public void Validate_DuplicateId_ReportsSecondOccurrence()
    {
        var problem = Single($"{Start}, {Log}, {Log}", StartToNote);
        Assert.Equal("$.activities[2].id", problem.Path);
        Assert.Contains("Duplicate activity id 'note'", problem.Message);
    }

    [Theory]
    [InlineData("""{ "from": "start", "to": "ghost" }""", "$.connections[1].to")]
    [InlineData("""{ "from": "ghost", "to": "note" }""", "$.connections[1].from")]
    public void Validate_ConnectionToMissingActivity_ReportsEndPath(string connection, string path)
    {
        var problem = Single($"{Start}, {Log}", $"{StartToNote}, {connection}");
        Assert.Equal(path, problem.Path);
        Assert.Contains("'ghost'", problem.Message);
    }

    [Fact]
    public void Validate_UnknownPort_ReportsPortPathAndListsPorts()
    {
        var problem = Single($"{Start}, {Log}, " + """{ "id": "d", "type": "core.decision", "inputs": { "condition": "true" } }""",
            """{ "from": "start", "to": "d" }, { "from": "d", "port": "maybe", "to": "note" }, { "from": "start", "to": "note" }""");
        Assert.Equal("$.connections[1].port", problem.Path);
        Assert.Contains("true, false", problem.Message);
    }

    [Fact]
    public void Validate_HumanTaskOutcomeThatIsNotDeclared_IsUnknownPort()
    {
        var problem = Single($"{Start}, {Log}, " + """{ "id": "t", "type": "core.humanTask", "inputs": { "title": "x", "outcomes": ["yes"] } }""",
            """{ "from": "start", "to": "t" }, { "from": "t", "port": "overdue", "to": "note" }, { "from": "start", "to": "note" }""");
        Assert.Equal("$.connections[1].port", problem.Path);
    }

    [Fact]
    public void Validate_RequiredInputMissing_ReportsInputPath()
    {
        var problem = Single($"{Start}, " + """{ "id": "note", "type": "core.log" }""", StartToNote);
        Assert.Equal("$.activities[1].inputs.message", problem.Path);
        Assert.Contains("required", problem.Message);
    }

    [Fact]
    public void Validate_UnknownInputName_ReportsInputPathAndListsInputs()
    {
        var problem = Single($"{Start}, " + """{ "id": "note", "type": "core.log", "inputs": { "message": "hi", "colour": "red" } }""", StartToNote);
        Assert.Equal("$.activities[1].inputs.colour", problem.Path);
        Assert.Contains("message, level", problem.Message);
    }

    [Theory]
    [InlineData("""{ "expr": "input.score >= " }""", "(line 1, column 16)")]
    [InlineData("""{ "template": "Hello\n{{ if }}" }""", "line 2, column")]
    public void Validate_ScriptDoesNotParse_ReportsInputPathWithLineAndColumn(string message, string where)
    {
        var problem = Single($"{Start}, " + $$"""{ "id": "note", "type": "core.log", "inputs": { "message": {{message}} } }""", StartToNote);
        Assert.Equal("$.activities[1].inputs.message", problem.Path);
        Assert.Contains("does not parse", problem.Message);
        Assert.Contains(where, problem.Message);
    }

    [Fact]
    public void Validate_ActivityNotReachable_ReportsActivityPath()
    {
        var problem = Single($"{Start}, {Log}, " + """{ "id": "island", "type": "core.end" }""", StartToNote);
        Assert.Equal("$.activities[2]", problem.Path);
        Assert.Contains("'island' cannot be reached", problem.Message);
    }

    [Fact]
    public void Validate_JoinWithOneInboundBranch_ReportsJoinPath()
    {
        var problem = Single($"{Start}, " + """{ "id": "join", "type": "core.join" }""", """{ "from": "start", "to": "join" }""");
        Assert.Equal("$.activities[1]", problem.Path);
        Assert.Contains("1 inbound", problem.Message);
    }

    [Fact]
    public void Validate_DecisionTableRowWithWrongArity_ReportsRowConditionsPath()
    {
        var problem = Single($"{Start}, " + """
            { "id": "rules", "type": "core.decisionTable", "inputs": {
                "columns": [{ "name": "a", "expr": "1" }, { "name": "b", "expr": "2" }],
                "rows": [{ "conditions": ["-", "-"] }, { "conditions": ["1"], "outputs": { "x": 1 } }] } }
            """, """{ "from": "start", "to": "rules" }""");
        Assert.Equal("$.activities[1].inputs.rows[1].conditions", problem.Path);
        Assert.Contains("1 condition(s) but the table has 2 column(s)", problem.Message);
    }

    [Fact]
    public void Validate_DecisionTableCellDoesNotParse_ReportsCellPath()
    {
        var problem = Single($"{Start}, " + """
            { "id": "rules", "type": "core.decisionTable", "inputs": {
                "columns": [{ "name": "a", "expr": "1" }], "rows": [{ "conditions": [">= ("] }] } }
            """, """{ "from": "start", "to": "rules" }""");
        Assert.Equal("$.activities[1].inputs.rows[0].conditions[0]", problem.Path);
    }

    [Fact]
    public void Validate_CycleWithoutWaitingActivity_ReportsLoop()
    {
        var problem = Single($"{Start}, {Log}, " + """{ "id": "again", "type": "core.decision", "inputs": { "condition": "true" } }""",
            $$"""{{StartToNote}}, { "from": "note", "to": "again" }, { "from": "again", "port": "true", "to": "note" }""");
        Assert.Equal("$.activities[1]", problem.Path);
        Assert.Contains("note -> again -> note", problem.Message);
    }

    [Fact]
    public void Validate_SelfLoop_ReportsLoop()
    {
        var problem = Single($"{Start}, " + """{ "id": "spin", "type": "core.decision", "inputs": { "condition": "true" } }""",
            """{ "from": "start", "to": "spin" }, { "from": "spin", "port": "true", "to": "spin" }""");
        Assert.Equal("$.activities[1]", problem.Path);
    }

    [Fact]
    public void Validate_CycleThroughHumanTask_IsAccepted() =>
        Assert.Empty(_engine.Problems(Flow.Of($"{Start}, {Log}, " + """
            { "id": "fix", "type": "core.humanTask", "inputs": { "title": "Fix it", "outcomes": ["retry", "give up"] } }
            """, $$"""{{StartToNote}}, { "from": "note", "to": "fix" }, { "from": "fix", "port": "retry", "to": "note" }""")));

    [Theory]
    [InlineData("Lead Routing")]
    [InlineData("lead_routing")]
    [InlineData("-lead")]
    [InlineData("")]
    public void Validate_BadDefinitionId_ReportsDefinitionIdPath(string id)
    {
        var json = Flow.Of($"{Start}, {Log}", StartToNote).Replace("\"test-flow\"", $"\"{id}\"");
        var problem = Assert.Single(_engine.Problems(json));
        Assert.Equal("$.definitionId", problem.Path);
    }

    [Fact]
    public void Validate_NoStart_ReportsActivitiesPath()
    {
        var problem = Single(Log, "");
        Assert.Equal("$.activities", problem.Path);
        Assert.Contains("has none", problem.Message);
    }

    [Fact]
    public void Validate_TwoStarts_ReportsActivitiesPath()
    {
        var problems = _engine.Problems(Flow.Of($"{Start}, {Log}, " + """{ "id": "start2", "type": "core.start" }""",
            $$"""{{StartToNote}}, { "from": "start2", "to": "note" }"""));
        var problem = Assert.Single(problems, p => p.Path == "$.activities");
        Assert.Contains("it has 2", problem.Message);
    }

    [Fact]
    public void Compile_InvalidDefinition_ReturnsNoWorkflow()
    {
        var parsed = DefinitionJson.Parse(Flow.Of(Log, ""));
        var result = _engine.Compiler.Compile(parsed.Definition!);
        Assert.False(result.IsValid);
        Assert.Null(result.Workflow);
    }
}
