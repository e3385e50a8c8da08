using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Engine.Tests.Model;

public class DefinitionJsonTests
{
    [Fact]
    public void Parse_MalformedJson_ReturnsProblemWithPathAndLine()
    {
        var result = DefinitionJson.Parse("{\n  \"definitionId\": \"x\",\n  \"name\": ,\n}");

        Assert.Null(result.Definition);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("$.name", problem.Path);
        Assert.Contains("(line 3, column", problem.Message);
        Assert.DoesNotContain("LineNumber:", problem.Message);
    }

    [Fact]
    public void Parse_MemberOfWrongShape_ReportsItsPath()
    {
        var result = DefinitionJson.Parse("""{ "definitionId": "x", "activities": "none" }""");

        Assert.Null(result.Definition);
        Assert.Equal("$.activities", Assert.Single(result.Problems).Path);
    }

    [Theory]
    [InlineData("""{ "definitionId": "x", "activities": null }""", "$.activities")]
    [InlineData("""{ "definitionId": "x", "activities": [{ "id": "s", "type": null }] }""", "$.activities[0].type")]
    [InlineData("""{ "definitionId": "x", "connections": [{ "from": "a", "to": "b" }, null] }""", "$.connections[1]")]
    [InlineData("""{ "definitionId": "x", "inputs": [null] }""", "$.inputs[0]")]
    public void Parse_NullWhereTheModelHasNone_ReportsItsPath(string json, string path)
    {
        var result = DefinitionJson.Parse(json);

        Assert.Null(result.Definition);
        Assert.Equal(path, Assert.Single(result.Problems).Path);
    }

    [Fact]
    public void Parse_UnknownMember_IsRejected()
    {
        var result = DefinitionJson.Parse("""{ "definitionId": "x", "activites": [] }""");

        Assert.Null(result.Definition);
        Assert.Contains("activites", Assert.Single(result.Problems).Message);
    }

    [Fact]
    public void Parse_EmptyDocument_ReportsRoot()
    {
        var result = DefinitionJson.Parse("null");

        Assert.Equal("$", Assert.Single(result.Problems).Path);
    }

    [Fact]
    public void Parse_CommentsAndTrailingCommas_AreAccepted()
    {
        var result = DefinitionJson.Parse("""
            { // a comment
              "definitionId": "x", "name": "X",
              "connections": [{ "from": "a", "to": "b" },],
            }
            """);

        Assert.Empty(result.Problems);
        Assert.Equal("done", result.Definition!.Connections[0].EffectivePort);
    }
}
