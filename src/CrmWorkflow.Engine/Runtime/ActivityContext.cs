using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using Microsoft.Extensions.Logging;
using Scriban.Runtime;

namespace CrmWorkflow.Engine.Runtime;

/// <summary>
/// Everything an activity may see and do during one execution or resume: read its inputs,
/// set variables and outputs, create bookmarks and human tasks, raise events and start
/// child workflows. Effects are recorded and persisted by the host in one transaction.
/// </summary>
public sealed class ActivityContext
{
    private readonly ExecutionRun _run;
    private ScriptObject? _globals;

    internal ActivityContext(ExecutionRun run, CompiledNode node, int execution, BookmarkState? bookmark, JsonNode? payload)
    {
        _run = run;
        Node = node;
        Execution = execution;
        Bookmark = bookmark;
        Event = payload;
    }

    /// <summary>The node being run.</summary>
    public CompiledNode Node { get; }

    /// <summary>The activity id.</summary>
    public string ActivityId => Node.Id;

    /// <summary>Execution number; bookmarks of one execution belong together.</summary>
    public int Execution { get; }

    /// <summary>The bookmark being resumed, or null on first execution.</summary>
    public BookmarkState? Bookmark { get; }

    /// <summary>The payload that resumed this activity (or null).</summary>
    public JsonNode? Event { get; }

    /// <summary>The instance (read it; change it only through this context).</summary>
    public WorkflowInstanceState Instance => _run.State;

    /// <summary>The injected clock.</summary>
    public TimeProvider Clock => _run.Clock;

    /// <summary>Current time from <see cref="Clock"/>.</summary>
    public DateTimeOffset Now => _run.Clock.GetUtcNow();

    /// <summary>Services of the current unit of work (the host's DbContext among them).</summary>
    public IServiceProvider Services => _run.Services;

    /// <summary>Cancelled when the host shuts down.</summary>
    public CancellationToken CancellationToken => _run.CancellationToken;

    /// <summary>Logger for activities.</summary>
    public ILogger Logger => _run.Logger;

    /// <summary>Bookmarks this execution still holds.</summary>
    public IEnumerable<BookmarkState> OpenBookmarks =>
        _run.State.Bookmarks.Where(b => b.ActivityId == Node.Id && b.Execution == Execution);

    /// <summary>True when the node gives a value (or the input has a default).</summary>
    public bool Has(IInput input) => Node.Inputs.ContainsKey(input.Name);

    /// <summary>Evaluates an input for this node, converted to its declared type.</summary>
    public T Get<T>(Input<T> input) => Get(input, default(T)!);

    /// <summary>Evaluates an input, or returns <paramref name="fallback"/> when not given.</summary>
    public T Get<T>(Input<T> input, T fallback)
    {
        if (!Node.Inputs.TryGetValue(input.Name, out var value)) return fallback;
        var what = $"Input '{input.Name}' of '{Node.Id}'";
        if (value.IsLiteral)
        {
            if (value.TryGetTyped<T>(out var cached)) return cached;
            var typed = ValueConverter.Convert<T>(value.Literal, what);
            // JSON nodes are mutable; only cache immutable CLR values.
            if (typed is not JsonNode) value.SetTyped(typed);
            return typed;
        }
        var result = EvaluateScript(value.Script!);
        if (typeof(T) == typeof(bool)) return (T)(object)ScriptValues.IsTrue(result);
        if (typeof(T) == typeof(string) && result is string s) return (T)(object)s;
        return ValueConverter.Convert<T>(ScriptValues.ToJson(result), what);
    }

    /// <summary>Evaluates a compiled value to JSON.</summary>
    public JsonNode? Evaluate(CompiledValue value) =>
        value.IsLiteral ? value.Literal?.DeepClone() : ScriptValues.ToJson(EvaluateScript(value.Script!));

    /// <summary>Evaluates a script with optional extra names (e.g. <c>value</c> in a decision table).</summary>
    public object? EvaluateScript(CompiledScript script, ScriptObject? locals = null) =>
        _run.Expressions.Evaluate(script, _globals ??= _run.BuildGlobals(Event), locals);

    /// <summary>What <see cref="Activity.Prepare"/> produced for this node.</summary>
    public T Prepared<T>() where T : class =>
        Node.Prepared as T ?? throw new InvalidOperationException($"'{Node.Id}' was not prepared as {typeof(T).Name}.");

    /// <summary>Reads a variable.</summary>
    public JsonNode? GetVariable(string name) => _run.State.Variables[name];

    /// <summary>Sets a variable (visible to later activities as <c>vars.name</c>).</summary>
    public void SetVariable(string name, JsonNode? value)
    {
        _run.State.Variables[name] = value;
        _run.VariablesChanged();
        _globals = null;
    }

    /// <summary>Sets an output (visible as <c>outputs.&lt;activityId&gt;.name</c>).</summary>
    public void SetOutput(string name, JsonNode? value)
    {
        if (_run.State.Outputs[Node.Id] is not JsonObject outputs)
            _run.State.Outputs[Node.Id] = outputs = [];
        outputs[name] = value;
        _run.OutputsChanged(Node.Id);
        _globals = null;
    }

    /// <summary>Creates a bookmark owned by this execution.</summary>
    public BookmarkState CreateBookmark(BookmarkKind kind, string? tag = null, string? eventName = null,
        string? correlationKey = null, DateTimeOffset? dueAt = null, string? childInstanceId = null,
        JsonObject? data = null, string? id = null)
    {
        var bookmark = new BookmarkState
        {
            Id = id ?? _run.NewId(),
            ActivityId = Node.Id,
            Execution = Execution,
            Kind = kind,
            Tag = tag,
            EventName = eventName,
            CorrelationKey = correlationKey,
            DueAt = dueAt,
            ChildInstanceId = childInstanceId,
            Data = data,
        };
        _run.State.Bookmarks.Add(bookmark);
        return bookmark;
    }

    /// <summary>Removes one of this execution's bookmarks (e.g. a timeout that no longer applies).</summary>
    public void RemoveBookmark(BookmarkState bookmark) => _run.RemoveBookmark(bookmark, completedBy: null);

    /// <summary>Creates a human task and the bookmark that waits for it.</summary>
    public BookmarkState CreateHumanTask(HumanTaskSpec task)
    {
        _run.Effects.TasksCreated.Add(task);
        return CreateBookmark(BookmarkKind.Task, id: task.Id);
    }

    /// <summary>Records the completion of the task being resumed.</summary>
    public void CompleteTask(string outcome, string? user, JsonObject? data) =>
        _run.Effects.TasksClosed.Add(new TaskClosure(Bookmark!.Id, true, outcome, user, data, Now));

    /// <summary>Raises an event after this step (resumes waiting instances, starts triggered ones).</summary>
    public void RaiseEvent(string name, string? correlationId, JsonNode? payload) =>
        _run.Effects.Events.Add(new RaisedEvent(name, correlationId, payload));

    /// <summary>Requests a child instance; returns its id. With <paramref name="wait"/>, also bookmarks on it.</summary>
    public string StartChildWorkflow(string definitionId, int? version, JsonObject input, string? correlationId, bool wait)
    {
        var id = _run.NewId();
        _run.Effects.Children.Add(new ChildStart(id, definitionId, version, input, correlationId, Node.Id, wait));
        if (wait) CreateBookmark(BookmarkKind.Child, childInstanceId: id);
        return id;
    }

    /// <summary>A new unique id.</summary>
    public string NewId() => _run.NewId();
}
