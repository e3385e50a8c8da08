using System.Collections.Immutable;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Web.Designer;

/// <summary>Why an edit was refused; the canvas shows it next to the pointer.</summary>
public sealed class DesignerException(string message) : Exception(message);

/// <summary>
/// The designer's working copy of a definition: the activities and connections being drawn,
/// the selection, and undo/redo. Independent of the browser, so every gesture the canvas
/// offers is an operation here with a unit test. The rest of the definition (name, inputs,
/// variables, triggers) travels unchanged until the workflow-level editors change it.
/// </summary>
public sealed partial class DesignerDocument
{
    private const int MaxHistory = 200;
    private readonly Func<DesignNode, IReadOnlyList<string>> _ports;
    private readonly Stack<DesignState> _undo = new();
    private readonly Stack<DesignState> _redo = new();

    /// <param name="definition">The definition to edit (its layout places the nodes).</param>
    /// <param name="ports">The output ports a node has (from the activity registry; may depend on its inputs).</param>
    public DesignerDocument(WorkflowDefinition definition, Func<DesignNode, IReadOnlyList<string>> ports)
    {
        _ports = ports;
        Definition = definition;
        State = DesignLayout.Read(definition);
    }

    /// <summary>A document whose ports come from the activity types the engine knows.</summary>
    public static DesignerDocument For(WorkflowDefinition definition, Engine.Activities.ActivityRegistry registry) =>
        new(definition, node => registry.TryGet(node.Type, out var activity)
            ? activity.GetPorts(new ActivityNode { Id = node.Id, Type = node.Type, Inputs = node.Inputs })
            : []);

    /// <summary>The definition's other parts (name, inputs, variables, triggers).</summary>
    public WorkflowDefinition Definition { get; set; }

    /// <summary>The drawing now.</summary>
    public DesignState State { get; private set; }

    /// <summary>Selected node ids.</summary>
    public ImmutableHashSet<string> Selection { get; private set; } = [];

    /// <summary>Whether there is something to undo or redo.</summary>
    public bool CanUndo => _undo.Count > 0;

    /// <inheritdoc cref="CanUndo"/>
    public bool CanRedo => _redo.Count > 0;

    /// <summary>Raised after every change of the drawing or the selection.</summary>
    public event Action? Changed;

    /// <summary>The ports of a node on the canvas.</summary>
    public IReadOnlyList<string> PortsOf(DesignNode node) => _ports(node);

    /// <summary>Adds an activity of a type at a point; its id is the type's short name with a number (humanTask2).</summary>
    public DesignNode Add(string type, double x, double y, JsonObject? inputs = null)
    {
        var node = new DesignNode(NewId(State, type), type, null, inputs, x, y);
        Apply(State with { Nodes = State.Nodes.Add(node) });
        Select([node.Id]);
        return node;
    }

    /// <summary>Connects a port of one activity to another. Refused for unknown nodes or ports, into the start, or twice.</summary>
    public DesignEdge Connect(string from, string port, string to)
    {
        var source = State.Node(from) ?? throw new DesignerException($"There is no activity '{from}'.");
        var target = State.Node(to) ?? throw new DesignerException($"There is no activity '{to}'.");
        var ports = _ports(source);
        if (ports.Count > 0 && !ports.Contains(port))
            throw new DesignerException($"'{from}' has no port '{port}'; its ports are {string.Join(", ", ports)}.");
        if (target.Type == "core.start") throw new DesignerException("Nothing may connect into the start activity.");
        var edge = new DesignEdge(from, port, to);
        if (State.Edges.Contains(edge)) throw new DesignerException($"'{from}' {port} already goes to '{to}'.");
        Apply(State with { Edges = State.Edges.Add(edge) });
        return edge;
    }

    /// <summary>Removes one connection.</summary>
    public void Disconnect(DesignEdge edge)
    {
        if (!State.Edges.Contains(edge)) return;
        Apply(State with { Edges = State.Edges.Remove(edge) });
    }

    /// <summary>Deletes the selected activities with every connection to or from them.</summary>
    public void DeleteSelection()
    {
        if (Selection.IsEmpty) return;
        var gone = Selection;
        Apply(new DesignState(State.Nodes.RemoveAll(n => gone.Contains(n.Id)), State.Edges.RemoveAll(e => gone.Contains(e.From) || gone.Contains(e.To))));
        Select([]);
    }

    /// <summary>Moves the selected activities by a distance (one undo step per drag).</summary>
    public void MoveSelection(double dx, double dy)
    {
        if (Selection.IsEmpty || (dx == 0 && dy == 0)) return;
        var moving = Selection;
        Apply(State with { Nodes = State.Nodes.ConvertAll(n => moving.Contains(n.Id) ? n with { X = n.X + dx, Y = n.Y + dy } : n) });
    }

    /// <summary>Changes one node (its name or inputs); the id and type stay.</summary>
    public void Update(string id, Func<DesignNode, DesignNode> change)
    {
        var node = State.Node(id) ?? throw new DesignerException($"There is no activity '{id}'.");
        var changed = change(node) with { Id = node.Id, Type = node.Type };
        if (changed == node) return;
        Apply(State with { Nodes = State.Nodes.Replace(node, changed) });
    }

    /// <summary>Selects these activities (replacing the selection).</summary>
    public void Select(IEnumerable<string> ids)
    {
        Selection = ids.Where(id => State.Node(id) is not null).ToImmutableHashSet();
        Changed?.Invoke();
    }

    /// <summary>Goes back one change.</summary>
    public bool Undo() => Swap(_undo, _redo);

    /// <summary>Goes forward again after an undo.</summary>
    public bool Redo() => Swap(_redo, _undo);

    private bool Swap(Stack<DesignState> from, Stack<DesignState> to)
    {
        if (from.Count == 0) return false;
        to.Push(State);
        State = from.Pop();
        Selection = Selection.Where(id => State.Node(id) is not null).ToImmutableHashSet();
        Changed?.Invoke();
        return true;
    }

    private void Apply(DesignState next)
    {
        _undo.Push(State);
        if (_undo.Count > MaxHistory)
        {
            // Stack<T> cannot drop its bottom: rebuild without the oldest state.
            var kept = _undo.Take(MaxHistory).Reverse().ToList();
            _undo.Clear();
            foreach (var s in kept) _undo.Push(s);
        }
        _redo.Clear();
        State = next;
        Changed?.Invoke();
    }

    private static string NewId(DesignState state, string type)
    {
        var stem = type[(type.LastIndexOf('.') + 1)..];
        for (var i = 1; ; i++)
            if (state.Node($"{stem}{i}") is null) return $"{stem}{i}";
    }
}
