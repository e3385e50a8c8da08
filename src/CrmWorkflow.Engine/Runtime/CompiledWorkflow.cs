using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Engine.Runtime;

/// <summary>
/// A validated definition version, ready to run: activities resolved, every expression and
/// template parsed once, ports indexed and reachability precomputed. Cached per version.
/// </summary>
public sealed class CompiledWorkflow
{
    private readonly Dictionary<string, CompiledNode> _byId;
    private readonly bool[][] _reach;

    internal CompiledWorkflow(WorkflowDefinition definition, IReadOnlyList<CompiledNode> nodes,
        IReadOnlyList<CompiledTrigger> triggers)
    {
        Definition = definition;
        Nodes = nodes;
        Triggers = triggers;
        _byId = nodes.ToDictionary(n => n.Id, StringComparer.Ordinal);
        Start = nodes.First(n => n.Node.Type == StartActivityType);
        _reach = nodes.Select(n => Reachable(n)).ToArray();
    }

    internal const string StartActivityType = "core.start";

    /// <summary>The definition.</summary>
    public WorkflowDefinition Definition { get; }

    /// <summary>All nodes.</summary>
    public IReadOnlyList<CompiledNode> Nodes { get; }

    /// <summary>The start node.</summary>
    public CompiledNode Start { get; }

    /// <summary>Compiled triggers.</summary>
    public IReadOnlyList<CompiledTrigger> Triggers { get; }

    /// <summary>Finds a node by activity id.</summary>
    public CompiledNode this[string activityId] => _byId.TryGetValue(activityId, out var n)
        ? n : throw new InvalidOperationException($"Activity '{activityId}' is not in {Definition.DefinitionId} v{Definition.Version}.");

    /// <summary>Finds a node by activity id.</summary>
    public bool TryGet(string activityId, out CompiledNode node) => _byId.TryGetValue(activityId, out node!);

    /// <summary>True when a token at <paramref name="from"/> can still arrive at <paramref name="to"/>.</summary>
    public bool CanReach(CompiledNode from, CompiledNode to) => from.Index == to.Index || _reach[from.Index][to.Index];

    private bool[] Reachable(CompiledNode from)
    {
        var seen = new bool[Nodes.Count];
        var stack = new Stack<CompiledNode>();
        stack.Push(from);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            foreach (var targets in node.Outgoing.Values)
            foreach (var target in targets)
            {
                if (seen[target.Index]) continue;
                seen[target.Index] = true;
                stack.Push(target);
            }
        }
        return seen;
    }
}

/// <summary>A node of a compiled workflow.</summary>
public sealed class CompiledNode
{
    internal CompiledNode(int index, int definitionIndex, ActivityNode node, Activity activity, IReadOnlyDictionary<string, CompiledValue> inputs)
    {
        Index = index;
        DefinitionIndex = definitionIndex;
        Node = node;
        Activity = activity;
        Inputs = inputs;
    }

    /// <summary>Position in <see cref="CompiledWorkflow.Nodes"/>.</summary>
    public int Index { get; }

    /// <summary>Position in the definition's <c>activities</c> array (for JSON paths).</summary>
    public int DefinitionIndex { get; }

    /// <summary>Activity id.</summary>
    public string Id => Node.Id;

    /// <summary>The node as written.</summary>
    public ActivityNode Node { get; }

    /// <summary>The activity implementation.</summary>
    public Activity Activity { get; }

    /// <summary>Compiled input values by name (defaults applied).</summary>
    public IReadOnlyDictionary<string, CompiledValue> Inputs { get; }

    /// <summary>What <see cref="Activity.Prepare"/> returned.</summary>
    public object? Prepared { get; internal set; }

    /// <summary>Targets by port, with the connection index used to reach them.</summary>
    public Dictionary<string, List<CompiledNode>> Outgoing { get; } = new(StringComparer.Ordinal);

    /// <summary>Connection indexes leaving each port, parallel to <see cref="Outgoing"/>.</summary>
    public Dictionary<string, List<int>> OutgoingConnections { get; } = new(StringComparer.Ordinal);

    /// <summary>Connection indexes that arrive at this node.</summary>
    public List<int> Inbound { get; } = [];
}

/// <summary>A trigger with its condition compiled.</summary>
public sealed record CompiledTrigger(string Event, CompiledScript? Condition);
