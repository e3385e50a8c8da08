using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Expressions;
using Microsoft.Extensions.Logging;
using Scriban.Runtime;

namespace CrmWorkflow.Engine.Runtime;

/// <summary>The working set of one executor run over one instance.</summary>
internal sealed class ExecutionRun(
    CompiledWorkflow flow,
    WorkflowInstanceState state,
    ExpressionEngine expressions,
    TimeProvider clock,
    IServiceProvider services,
    ILogger logger,
    CancellationToken cancellationToken)
{
    private ScriptObject? _input, _vars, _outputs, _instance;
    private readonly HashSet<string> _changedOutputs = new(StringComparer.Ordinal);

    public CompiledWorkflow Flow { get; } = flow;
    public WorkflowInstanceState State { get; } = state;
    public ExpressionEngine Expressions { get; } = expressions;
    public TimeProvider Clock { get; } = clock;
    public IServiceProvider Services { get; } = services;
    public ILogger Logger { get; } = logger;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public ExecutionEffects Effects { get; } = new();
    public Dictionary<string, object?>? HostScope { get; set; }

    public string NewId() => Guid.CreateVersion7(Clock.GetUtcNow()).ToString("N");

    public ScriptObject BuildGlobals(JsonNode? payload)
    {
        var globals = new ScriptObject(8 + (HostScope?.Count ?? 0))
        {
            ["input"] = _input ??= ScriptValues.FromObject(State.Input, readOnly: true),
            ["vars"] = _vars ??= ScriptValues.FromObject(State.Variables, readOnly: true),
            ["outputs"] = Outputs(),
            ["event"] = ScriptValues.FromJson(payload),
            ["now"] = Clock.GetUtcNow().UtcDateTime,
            ["instance"] = _instance ??= ReadOnly(new ScriptObject
            {
                ["id"] = State.Id,
                ["correlationId"] = State.CorrelationId,
                ["definitionId"] = State.DefinitionId,
                ["version"] = (long)State.Version,
            }),
        };
        if (HostScope is not null)
            foreach (var (name, value) in HostScope)
                globals[name] = value;
        return globals;
    }

    // Scripts may assign to members; they must never change the stored state behind our back, nor
    // what later scripts of this run see of it (nested objects are read-only too: ScriptValues).
    private static ScriptObject ReadOnly(ScriptObject obj)
    {
        obj.IsReadOnly = true;
        return obj;
    }

    /// <summary>A variable was set: scripts from now on see the new <c>vars</c>.</summary>
    public void VariablesChanged() => _vars = null;

    /// <summary>An activity set an output: scripts from now on see its new <c>outputs.&lt;activityId&gt;</c>.</summary>
    public void OutputsChanged(string activityId) => _changedOutputs.Add(activityId);

    // Every activity sets outputs, and a lead's outputs carry the lead several times: only the
    // activities whose outputs changed are converted again. A new top-level object each time, so
    // globals built earlier keep seeing what they saw (as when the whole object was rebuilt).
    private ScriptObject Outputs()
    {
        if (_outputs is not null && _changedOutputs.Count == 0) return _outputs;
        var result = new ScriptObject(State.Outputs.Count);
        foreach (var (id, node) in State.Outputs)
            result[id] = _outputs is not null && !_changedOutputs.Contains(id) && _outputs.TryGetValue(id, out var kept) ? kept : ScriptValues.FromJson(node, readOnly: true);
        _changedOutputs.Clear();
        return _outputs = ReadOnly(result);
    }

    /// <summary>Removes a bookmark; an open human task behind it is cancelled.</summary>
    public void RemoveBookmark(BookmarkState bookmark, string? completedBy)
    {
        State.Bookmarks.Remove(bookmark);
        if (bookmark.Kind == BookmarkKind.Task && completedBy is null)
            Effects.TasksClosed.Add(new TaskClosure(bookmark.Id, false, null, null, null, Clock.GetUtcNow()));
    }
}
