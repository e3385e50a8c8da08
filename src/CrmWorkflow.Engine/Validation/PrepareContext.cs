using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Engine.Validation;

/// <summary>
/// Given to <see cref="Activities.Activity.Prepare"/>: compiles scripts found inside a node's
/// structured inputs and records problems at their JSON path.
/// </summary>
public sealed class PrepareContext
{
    private readonly List<ValidationProblem> _problems;

    internal PrepareContext(ExpressionEngine expressions, List<ValidationProblem> problems, string nodePath)
    {
        Expressions = expressions;
        _problems = problems;
        NodePath = nodePath;
    }

    /// <summary>The expression engine.</summary>
    public ExpressionEngine Expressions { get; }

    /// <summary>JSON path of the node, e.g. <c>$.activities[3]</c>.</summary>
    public string NodePath { get; }

    /// <summary>Path of one of the node's inputs.</summary>
    public string InputPath(string input) => $"{NodePath}.inputs.{input}";

    /// <summary>Records a problem.</summary>
    public void Report(string path, string message) => _problems.Add(new ValidationProblem(path, message));

    /// <summary>Compiles a script, reporting a parse error with its line and column.</summary>
    public CompiledScript? Compile(string source, ScriptKind kind, string path)
    {
        var result = Expressions.Compile(source, kind);
        if (!result.Success)
            Report(path, $"The {(kind == ScriptKind.Expression ? "expression" : "template")} does not parse: {result.Error} (line {result.Line}, column {result.Column}).");
        return result.Script;
    }

    /// <summary>Compiles a literal-or-script value.</summary>
    public CompiledValue? CompileValue(JsonNode? value, string path)
    {
        if (CompiledValue.AsScript(value) is { } script)
        {
            var compiled = Compile(script.Source, script.Kind, path);
            return compiled is null ? null : CompiledValue.FromScript(compiled);
        }
        return CompiledValue.FromLiteral(value?.DeepClone());
    }
}
