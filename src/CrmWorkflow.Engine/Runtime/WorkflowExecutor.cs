using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Activities.Core;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWorkflow.Engine.Runtime;

/// <summary>
/// Runs a compiled flowchart over an instance state, in memory. It moves tokens along
/// connections until the instance finishes or every live path waits on a bookmark, and
/// reports what it did (journal, tasks, events, child starts) for the host to persist.
/// Knows nothing about storage: the durable runtime wraps it.
/// </summary>
public sealed partial class WorkflowExecutor
{
    private readonly ExpressionEngine _expressions;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly IReadOnlyList<IWorkflowScopeProvider> _scopeProviders;

    /// <summary>Creates an executor.</summary>
    public WorkflowExecutor(ExpressionEngine expressions, TimeProvider clock, ILogger<WorkflowExecutor>? logger = null,
        IEnumerable<IWorkflowScopeProvider>? scopeProviders = null)
    {
        _expressions = expressions;
        _clock = clock;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _scopeProviders = scopeProviders?.ToList() ?? [];
    }

    /// <summary>The expression engine the executor evaluates with.</summary>
    public ExpressionEngine Expressions => _expressions;

    /// <summary>Most activities one run may execute before it is stopped as a runaway loop.</summary>
    public int MaxActivitiesPerRun { get; init; } = 10_000;

    /// <summary>
    /// Creates a new instance of a definition: checks and defaults the input, sets variables to
    /// their defaults and schedules the start activity. Throws <see cref="WorkflowInputException"/>
    /// when the input is wrong.
    /// </summary>
    public WorkflowInstanceState CreateInstance(CompiledWorkflow flow, JsonObject? input, string? correlationId = null,
        string? instanceId = null, string? parentInstanceId = null)
    {
        var definition = flow.Definition;
        var checkedInput = InputChecker.Check(definition.Inputs, input);
        var variables = new JsonObject();
        foreach (var v in definition.Variables)
            variables[v.Name] = v.Default?.DeepClone();
        var now = _clock.GetUtcNow();
        return new WorkflowInstanceState
        {
            Id = instanceId ?? Guid.CreateVersion7(now).ToString("N"),
            DefinitionId = definition.DefinitionId,
            Version = definition.Version,
            CorrelationId = correlationId,
            Status = WorkflowStatus.Running,
            Input = checkedInput,
            Variables = variables,
            Queue = [new WorkItem(flow.Start.Id)],
            ParentInstanceId = parentInstanceId,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>Runs scheduled work until the instance finishes, faults or waits.</summary>
    public async ValueTask<ExecutionEffects> RunAsync(CompiledWorkflow flow, WorkflowInstanceState state,
        IServiceProvider? services = null, CancellationToken cancellationToken = default)
    {
        var run = await BeginAsync(flow, state, services, cancellationToken);
        await RunLoopAsync(run);
        return run.Effects;
    }

    /// <summary>
    /// Resumes one bookmark with a payload and runs on. Throws <see cref="BookmarkNotFoundException"/>
    /// when the bookmark is gone (already resumed), and <see cref="ResumeRejectedException"/> when the
    /// activity refuses the payload; in both cases the state is unchanged.
    /// </summary>
    public async ValueTask<ExecutionEffects> ResumeAsync(CompiledWorkflow flow, WorkflowInstanceState state, string bookmarkId,
        JsonNode? payload, IServiceProvider? services = null, CancellationToken cancellationToken = default)
    {
        if (state.Status is not (WorkflowStatus.Suspended or WorkflowStatus.Running))
            throw new InvalidWorkflowStateException($"Instance {state.Id} is {state.Status}; only running or suspended instances can be resumed.");
        var index = state.Bookmarks.FindIndex(b => b.Id == bookmarkId);
        if (index < 0) throw new BookmarkNotFoundException(state.Id, bookmarkId);
        var status = state.Status;
        var run = await BeginAsync(flow, state, services, cancellationToken);
        try
        {
            await ResumeBookmarkAsync(run, state.Bookmarks[index], payload, index);
        }
        catch (ResumeRejectedException)
        {
            // A refused payload changes nothing, not even the status BeginAsync set.
            state.Status = status;
            throw;
        }
        await RunLoopAsync(run);
        return run.Effects;
    }

    /// <summary>Re-runs the activity that faulted, then carries on.</summary>
    public async ValueTask<ExecutionEffects> RetryAsync(CompiledWorkflow flow, WorkflowInstanceState state,
        IServiceProvider? services = null, CancellationToken cancellationToken = default)
    {
        if (state.Status != WorkflowStatus.Faulted || state.Incident is not { } incident)
            throw new InvalidWorkflowStateException($"Instance {state.Id} is {state.Status}; only faulted instances can be retried.");
        var run = await BeginAsync(flow, state, services, cancellationToken);
        state.Incident = null;
        if (incident.Work is not null)
            state.Queue.Insert(0, incident.Work);
        else if (incident.Bookmark is not null)
        {
            state.Bookmarks.Add(incident.Bookmark);
            await ResumeBookmarkAsync(run, incident.Bookmark, incident.Payload, state.Bookmarks.Count - 1);
        }
        await RunLoopAsync(run);
        return run.Effects;
    }

    /// <summary>Cancels the instance: every bookmark is dropped and open tasks are cancelled.</summary>
    public ExecutionEffects Cancel(CompiledWorkflow flow, WorkflowInstanceState state)
    {
        if (state.IsEnded)
            throw new InvalidWorkflowStateException($"Instance {state.Id} is already {state.Status}.");
        var run = new ExecutionRun(flow, state, _expressions, _clock, EmptyServices.Instance, _logger, default);
        ClearAll(run);
        state.Status = WorkflowStatus.Cancelled;
        state.Incident = null;
        state.FinishedAt = state.UpdatedAt = _clock.GetUtcNow();
        return run.Effects;
    }

    private async ValueTask<ExecutionRun> BeginAsync(CompiledWorkflow flow, WorkflowInstanceState state,
        IServiceProvider? services, CancellationToken cancellationToken)
    {
        if (flow.Definition.DefinitionId != state.DefinitionId || flow.Definition.Version != state.Version)
            throw new InvalidOperationException($"Instance {state.Id} runs {state.DefinitionId} v{state.Version}, not v{flow.Definition.Version}.");
        var run = new ExecutionRun(flow, state, _expressions, _clock, services ?? EmptyServices.Instance, _logger, cancellationToken);
        if (_scopeProviders.Count > 0)
        {
            var scope = new Dictionary<string, object?>(StringComparer.Ordinal);
            var request = new WorkflowScopeRequest(state.Id, state.DefinitionId, state.Version, state.CorrelationId,
                state.Input, state.Variables, run.Services);
            foreach (var provider in _scopeProviders)
                await provider.ContributeAsync(request, scope, cancellationToken);
            run.HostScope = scope.ToDictionary(kv => kv.Key, kv => ScriptValues.FromClr(kv.Value));
        }
        state.Status = WorkflowStatus.Running;
        return run;
    }

    private async ValueTask RunLoopAsync(ExecutionRun run)
    {
        var state = run.State;
        var executed = 0;
        while (state.Status == WorkflowStatus.Running)
        {
            if (state.Queue.Count == 0 && !TryFirePendingJoin(run)) break;
            var work = state.Queue[0];
            state.Queue.RemoveAt(0);
            var node = run.Flow[work.ActivityId];
            if (++executed > MaxActivitiesPerRun)
            {
                // The stopped work is kept in the incident only: Retry puts it back in the queue.
                Fault(run, node, work, null, null,
                    new WorkflowLoopException($"More than {MaxActivitiesPerRun} activities ran without waiting; the instance was stopped as a runaway loop."));
                break;
            }
            if (node.Activity is JoinActivity)
            {
                ArriveAtJoin(run, node, work);
                continue;
            }
            await ExecuteAsync(run, node, work);
        }
        if (state.Status == WorkflowStatus.Running)
        {
            state.Status = state.Bookmarks.Count > 0 ? WorkflowStatus.Suspended : WorkflowStatus.Finished;
            if (state.Status == WorkflowStatus.Finished) state.FinishedAt = _clock.GetUtcNow();
        }
        state.UpdatedAt = _clock.GetUtcNow();
    }

    private async ValueTask ExecuteAsync(ExecutionRun run, CompiledNode node, WorkItem work)
    {
        var execution = ++run.State.ExecutionSequence;
        var started = _clock.GetUtcNow();
        var context = new ActivityContext(run, node, execution, null, null);
        var (checkpoint, mark) = Checkpoint(run, node);
        ActivityOutcome outcome;
        try
        {
            outcome = await node.Activity.ExecuteAsync(context);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !run.CancellationToken.IsCancellationRequested)
        {
            if (mark is not null) checkpoint!.Undo(mark);
            // Bookmarks half-created by the failed execution must not survive it.
            run.State.Bookmarks.RemoveAll(b => b.Execution == execution);
            run.Effects.TasksCreated.RemoveAll(t => t.ActivityId == node.Id && run.State.Bookmarks.All(b => b.Id != t.Id));
            Fault(run, node, work, null, null, ex, started);
            return;
        }
        Complete(run, node, context, outcome, started);
    }

    // What the unit of work holds before an activity that may change it, so a failure can take
    // its half-done changes back; activities that never touch it skip this (a lead passes seven).
    private static (Durable.IUnitOfWorkCheckpoint? Checkpoint, object? Mark) Checkpoint(ExecutionRun run, CompiledNode node)
    {
        if (!node.Activity.ChangesData) return (null, null);
        var checkpoint = run.Services.GetService(typeof(Durable.IUnitOfWorkCheckpoint)) as Durable.IUnitOfWorkCheckpoint;
        return (checkpoint, checkpoint?.Mark());
    }

    private async ValueTask ResumeBookmarkAsync(ExecutionRun run, BookmarkState bookmark, JsonNode? payload, int index)
    {
        var node = run.Flow[bookmark.ActivityId];
        run.State.Bookmarks.Remove(bookmark);
        var started = bookmark.StartedAt ?? _clock.GetUtcNow();
        var context = new ActivityContext(run, node, bookmark.Execution, bookmark, payload);
        var (checkpoint, mark) = Checkpoint(run, node);
        ActivityOutcome outcome;
        try
        {
            outcome = await node.Activity.ResumeAsync(context);
        }
        catch (ResumeRejectedException)
        {
            if (mark is not null) checkpoint!.Undo(mark);
            run.State.Bookmarks.Insert(Math.Min(index, run.State.Bookmarks.Count), bookmark);
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !run.CancellationToken.IsCancellationRequested)
        {
            if (mark is not null) checkpoint!.Undo(mark);
            Fault(run, node, null, bookmark, payload, ex, started);
            return;
        }
        Complete(run, node, context, outcome, started);
    }

    private void Complete(ExecutionRun run, CompiledNode node, ActivityContext context, ActivityOutcome outcome, DateTimeOffset started)
    {
        var state = run.State;
        if (!outcome.Waiting)
        {
            // The execution is over: its remaining bookmarks (timeouts, escalations) go with it.
            foreach (var leftover in context.OpenBookmarks.ToList())
                run.RemoveBookmark(leftover, completedBy: null);
        }
        if (outcome.Waiting && outcome.Ports.Count == 0)
        {
            // Still running: one journal entry per execution is written when it completes.
            var bookmarks = run.State.Bookmarks;
            for (var i = 0; i < bookmarks.Count; i++)
                if (bookmarks[i].ActivityId == node.Id && bookmarks[i].Execution == context.Execution && bookmarks[i].StartedAt is null)
                    bookmarks[i] = bookmarks[i] with { StartedAt = started };
            return;
        }
        Journal(run, node, started, outcome.Ports.Count == 0 ? null : string.Join(",", outcome.Ports), null);
        if (outcome.EndsInstance)
        {
            ClearAll(run);
            state.Status = WorkflowStatus.Finished;
            state.FinishedAt = _clock.GetUtcNow();
            return;
        }
        foreach (var port in outcome.Ports)
            Schedule(run, node, port);
    }

    private static void Schedule(ExecutionRun run, CompiledNode node, string port)
    {
        if (!node.Outgoing.TryGetValue(port, out var targets)) return;
        var connections = node.OutgoingConnections[port];
        for (var i = 0; i < targets.Count; i++)
            run.State.Queue.Add(new WorkItem(targets[i].Id, connections[i]));
    }

    private void Fault(ExecutionRun run, CompiledNode node, WorkItem? work, BookmarkState? bookmark, JsonNode? payload,
        Exception ex, DateTimeOffset? started = null)
    {
        var now = _clock.GetUtcNow();
        // Messages written for analysts stand alone; unexpected exceptions keep their type for support.
        var message = ex is ExpressionException or WorkflowLoopException or WorkflowFailedException or HostNotAllowedException
            or DecisionTableException or ArgumentException
            ? ex.Message
            : $"{ex.GetType().Name}: {ex.Message}";
        var incident = new IncidentState
        {
            Id = run.NewId(),
            ActivityId = node.Id,
            ActivityType = node.Node.Type,
            Message = message,
            Stack = ex.ToString(),
            At = now,
            Work = work,
            Bookmark = bookmark,
            Payload = payload?.DeepClone(),
        };
        run.State.Incident = incident;
        run.State.Status = WorkflowStatus.Faulted;
        run.Effects.Incident = incident;
        Journal(run, node, started ?? now, null, message);
        _logger.LogWarning("Instance {InstanceId} faulted at {ActivityId}: {Message}", run.State.Id, node.Id, message);
    }

    private void Journal(ExecutionRun run, CompiledNode node, DateTimeOffset started, string? port, string? error) =>
        run.Effects.Journal.Add(new JournalEntry(++run.State.JournalSequence, node.Id, node.Node.Type, started,
            _clock.GetUtcNow(), port, error));

    private static void ClearAll(ExecutionRun run)
    {
        foreach (var bookmark in run.State.Bookmarks.ToList())
            run.RemoveBookmark(bookmark, completedBy: null);
        run.State.Queue.Clear();
        run.State.JoinArrivals.Clear();
    }

    private sealed class EmptyServices : IServiceProvider
    {
        public static readonly EmptyServices Instance = new();
        public object? GetService(Type serviceType) => null;
    }
}
