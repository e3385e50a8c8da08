using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Engine.Validation;

/// <summary>
/// Validates a definition and, when it is valid, compiles it for the runtime. Validation and
/// compilation are one pass, so what the validator accepts is exactly what runs.
/// </summary>
public sealed partial class WorkflowCompiler(ActivityRegistry registry, ExpressionEngine expressions)
{
    /// <summary>The activity types this compiler knows.</summary>
    public ActivityRegistry Registry => registry;

    /// <summary>Every problem in the definition, each with a JSON path and a plain message.</summary>
    public IReadOnlyList<ValidationProblem> Validate(WorkflowDefinition definition) => Compile(definition).Problems;

    /// <summary>Validates and compiles; <see cref="CompileResult.Workflow"/> is null when there are problems.</summary>
    public CompileResult Compile(WorkflowDefinition definition)
    {
        var problems = new List<ValidationProblem>();
        CheckHeader(definition, problems);
        var nodes = CompileNodes(definition, problems);
        var graphOk = ConnectNodes(definition, nodes, problems);
        if (graphOk) CheckGraph(nodes, problems);
        var triggers = CompileTriggers(definition, problems);
        if (problems.Count > 0) return new(null, problems);
        return new(new CompiledWorkflow(definition, nodes, triggers), problems);
    }

    private static void CheckHeader(WorkflowDefinition d, List<ValidationProblem> problems)
    {
        if (string.IsNullOrWhiteSpace(d.DefinitionId) || !IdPattern().IsMatch(d.DefinitionId))
            problems.Add(new("$.definitionId", $"'{d.DefinitionId}' is not a valid definition id: use lower-case letters, digits and hyphens."));
        if (string.IsNullOrWhiteSpace(d.Name))
            problems.Add(new("$.name", "The workflow needs a name."));
        CheckDeclarations(d.Inputs, "$.inputs", problems);
        CheckDeclarations(d.Variables, "$.variables", problems);
    }

    private static void CheckDeclarations(IReadOnlyList<VariableDefinition> list, string path, List<ValidationProblem> problems)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < list.Count; i++)
        {
            var name = list[i].Name;
            if (string.IsNullOrWhiteSpace(name) || !NamePattern().IsMatch(name))
                problems.Add(new($"{path}[{i}].name", $"'{name}' is not a valid name: start with a letter, then letters, digits or underscores."));
            else if (!seen.Add(name))
                problems.Add(new($"{path}[{i}].name", $"'{name}' is declared twice."));
            if (!KnownTypes.Contains(list[i].Type))
                problems.Add(new($"{path}[{i}].type", $"Unknown type '{list[i].Type}'; use one of {string.Join(", ", KnownTypes)}."));
        }
    }

    private static readonly string[] KnownTypes = ["string", "number", "boolean", "object", "array", "datetime", "any"];

    private List<CompiledNode> CompileNodes(WorkflowDefinition d, List<ValidationProblem> problems)
    {
        var nodes = new List<CompiledNode>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var starts = 0;
        for (var i = 0; i < d.Activities.Count; i++)
        {
            var node = d.Activities[i];
            var path = $"$.activities[{i}]";
            if (string.IsNullOrWhiteSpace(node.Id))
            {
                problems.Add(new($"{path}.id", "The activity needs an id."));
                continue;
            }
            if (!ids.Add(node.Id))
            {
                problems.Add(new($"{path}.id", $"Duplicate activity id '{node.Id}'."));
                continue;
            }
            if (!registry.TryGet(node.Type, out var activity))
            {
                problems.Add(new($"{path}.type", $"Unknown activity type '{node.Type}'."));
                continue;
            }
            if (node.Type == CompiledWorkflow.StartActivityType) starts++;
            var inputs = CompileInputs(node, activity.Descriptor, path, problems);
            var compiled = new CompiledNode(nodes.Count, i, node, activity, inputs);
            compiled.Prepared = activity.Prepare(node, new PrepareContext(expressions, problems, path));
            nodes.Add(compiled);
        }
        if (starts == 0)
            problems.Add(new("$.activities", "The workflow needs exactly one core.start activity; it has none."));
        else if (starts > 1)
            problems.Add(new("$.activities", $"The workflow needs exactly one core.start activity; it has {starts}."));
        return nodes;
    }

    private Dictionary<string, CompiledValue> CompileInputs(ActivityNode node, ActivityDescriptor descriptor, string path,
        List<ValidationProblem> problems)
    {
        var result = new Dictionary<string, CompiledValue>(StringComparer.Ordinal);
        var given = node.Inputs ?? [];
        var prepare = new PrepareContext(expressions, problems, path);
        foreach (var (name, _) in given)
        {
            if (descriptor.Inputs.All(i => i.Name != name))
                problems.Add(new($"{path}.inputs.{name}", $"'{node.Type}' has no input '{name}'; it has {string.Join(", ", descriptor.Inputs.Select(i => i.Name))}."));
        }
        foreach (var input in descriptor.Inputs)
        {
            var inputPath = $"{path}.inputs.{input.Name}";
            if (given.TryGetPropertyValue(input.Name, out var value) && value is not null)
            {
                if (prepare.CompileValue(value, inputPath) is not { } compiled) continue;
                result[input.Name] = compiled;
                if (compiled.IsLiteral) CheckLiteral(input, compiled, inputPath, problems);
            }
            else if (input.Default is not null)
                result[input.Name] = CompiledValue.FromLiteral(input.Default.DeepClone());
            else if (input.Required)
                problems.Add(new(inputPath, $"'{input.Name}' is required for {node.Type}: {input.Description}"));
        }
        return result;
    }

    // A literal that cannot become the input's type would fault every instance: say so now.
    private static void CheckLiteral(InputDescriptor input, CompiledValue value, string path, List<ValidationProblem> problems)
    {
        if (input.ClrType is null) return;
        try
        {
            ValueConverter.Convert(value.Literal, input.ClrType, $"'{input.Name}'");
            if (input.Options is { } options && value.Literal is JsonValue v && v.TryGetValue<string>(out var s) && !options.Contains(s, StringComparer.OrdinalIgnoreCase))
                problems.Add(new(path, $"'{s}' is not allowed for '{input.Name}'; use one of {string.Join(", ", options)}."));
        }
        catch (ExpressionException ex)
        {
            problems.Add(new(path, ex.Message));
        }
    }

    private bool ConnectNodes(WorkflowDefinition d, List<CompiledNode> nodes, List<ValidationProblem> problems)
    {
        var byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        var declared = d.Activities.Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var ok = true;
        for (var i = 0; i < d.Connections.Count; i++)
        {
            var c = d.Connections[i];
            var path = $"$.connections[{i}]";
            var fromOk = byId.TryGetValue(c.From, out var from);
            var toOk = byId.TryGetValue(c.To, out var to);
            if (!fromOk)
            {
                if (!declared.Contains(c.From)) problems.Add(new($"{path}.from", $"No activity with id '{c.From}'."));
                ok = false;
            }
            if (!toOk)
            {
                if (!declared.Contains(c.To)) problems.Add(new($"{path}.to", $"No activity with id '{c.To}'."));
                ok = false;
            }
            if (!fromOk || !toOk) continue;
            var ports = from!.Activity.GetPorts(from.Node);
            if (!ports.Contains(c.EffectivePort) && !(from.Activity.Descriptor.DynamicPorts && ports.Count == 0))
            {
                problems.Add(new($"{path}.port", $"'{c.From}' ({from.Node.Type}) has no port '{c.EffectivePort}'; its ports are {(ports.Count == 0 ? "none" : string.Join(", ", ports))}."));
                continue;
            }
            if (to!.Node.Type == CompiledWorkflow.StartActivityType)
                problems.Add(new($"{path}.to", "Nothing may connect into the start activity."));
            if (!from.Outgoing.TryGetValue(c.EffectivePort, out var targets))
            {
                from.Outgoing[c.EffectivePort] = targets = [];
                from.OutgoingConnections[c.EffectivePort] = [];
            }
            targets.Add(to);
            from.OutgoingConnections[c.EffectivePort].Add(i);
            to.Inbound.Add(i);
        }
        return ok;
    }

    private static void CheckGraph(List<CompiledNode> nodes, List<ValidationProblem> problems)
    {
        var start = nodes.FirstOrDefault(n => n.Node.Type == CompiledWorkflow.StartActivityType);
        if (start is null) return;
        var reached = new HashSet<int> { start.Index };
        var stack = new Stack<CompiledNode>([start]);
        while (stack.Count > 0)
            foreach (var next in stack.Pop().Outgoing.Values.SelectMany(t => t))
                if (reached.Add(next.Index)) stack.Push(next);
        foreach (var node in nodes)
        {
            var path = $"$.activities[{IndexOf(node)}]";
            if (!reached.Contains(node.Index))
                problems.Add(new(path, $"'{node.Id}' cannot be reached from the start; connect it or remove it."));
            if (node.Activity is Activities.Core.JoinActivity && node.Inbound.Count < 2)
                problems.Add(new(path, $"Join '{node.Id}' has {node.Inbound.Count} inbound connection(s); a join waits for two or more branches."));
        }
        foreach (var cycle in Cycles.Find(nodes))
        {
            if (cycle.Any(n => n.Activity.Descriptor.Blocking)) continue;
            var ids = string.Join(" -> ", cycle.Select(n => n.Id)) + " -> " + cycle[0].Id;
            problems.Add(new($"$.activities[{cycle[0].DefinitionIndex}]", $"The loop {ids} has no activity that waits (human task, delay or event), so it would never stop."));
        }

        int IndexOf(CompiledNode n) => n.DefinitionIndex;
    }

    private List<CompiledTrigger> CompileTriggers(WorkflowDefinition d, List<ValidationProblem> problems)
    {
        var result = new List<CompiledTrigger>();
        for (var i = 0; i < d.Triggers.Count; i++)
        {
            var t = d.Triggers[i];
            if (string.IsNullOrWhiteSpace(t.Event))
                problems.Add(new($"$.triggers[{i}].event", "The trigger needs an event name."));
            CompiledScript? condition = null;
            if (!string.IsNullOrWhiteSpace(t.Condition))
                condition = new PrepareContext(expressions, problems, "$").Compile(t.Condition, ScriptKind.Expression, $"$.triggers[{i}].condition");
            result.Add(new CompiledTrigger(t.Event, condition));
        }
        return result;
    }

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$")]
    private static partial Regex NamePattern();
}

/// <summary>Result of <see cref="WorkflowCompiler.Compile"/>.</summary>
public sealed record CompileResult(CompiledWorkflow? Workflow, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>True when the definition is valid.</summary>
    public bool IsValid => Workflow is not null;
}

/// <summary>Finds elementary loops (strongly connected components) in the flowchart.</summary>
internal static class Cycles
{
    // Tarjan's algorithm; each SCC with more than one node, or a self-loop, is a loop.
    public static List<List<CompiledNode>> Find(IReadOnlyList<CompiledNode> nodes)
    {
        var index = 0;
        var indexes = new int[nodes.Count];
        var low = new int[nodes.Count];
        var onStack = new bool[nodes.Count];
        Array.Fill(indexes, -1);
        var stack = new Stack<CompiledNode>();
        var result = new List<List<CompiledNode>>();

        foreach (var n in nodes)
            if (indexes[n.Index] < 0) Visit(n);
        return result;

        void Visit(CompiledNode v)
        {
            indexes[v.Index] = low[v.Index] = index++;
            stack.Push(v);
            onStack[v.Index] = true;
            foreach (var w in v.Outgoing.Values.SelectMany(t => t))
            {
                if (indexes[w.Index] < 0)
                {
                    Visit(w);
                    low[v.Index] = Math.Min(low[v.Index], low[w.Index]);
                }
                else if (onStack[w.Index])
                    low[v.Index] = Math.Min(low[v.Index], indexes[w.Index]);
            }
            if (low[v.Index] != indexes[v.Index]) return;
            var component = new List<CompiledNode>();
            CompiledNode x;
            do
            {
                x = stack.Pop();
                onStack[x.Index] = false;
                component.Add(x);
            } while (x.Index != v.Index);
            var selfLoop = component.Count == 1 && v.Outgoing.Values.Any(t => t.Any(n => n.Index == v.Index));
            if (component.Count > 1 || selfLoop)
            {
                component.Reverse();
                result.Add(component);
            }
        }
    }
}
