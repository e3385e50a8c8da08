using CrmWorkflow.Engine.Expressions;
using Scriban.Runtime;

namespace CrmWorkflow.Engine.Tests.Expressions;

public sealed class ScriptValuesTests
{
    [Fact]
    public void ToJson_ArrayFromScriptOrClr_StaysAnArray()
    {
        var engine = new ExpressionEngine();
        var compiled = engine.Compile("{ items: [1, 2, 3], rows: [{ a: 'x' }] }", ScriptKind.Expression);

        var fromScript = ScriptValues.ToJson(engine.Evaluate(compiled.Script!, new ScriptObject()));
        var fromClr = ScriptValues.ToJson(ScriptValues.FromClr(new { items = new[] { 1, 2, 3 } }));

        Assert.Equal("""{"items":[1,2,3],"rows":[{"a":"x"}]}""", fromScript!.ToJsonString());
        Assert.Equal("""{"items":[1,2,3]}""", fromClr!.ToJsonString());
    }
}
