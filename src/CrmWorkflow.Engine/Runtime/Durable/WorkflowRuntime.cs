using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Engine.Runtime.Durable;

/// <summary>
/// The durable runtime: starts, resumes, retries and cancels instances stored through EF
/// Core. Every step loads the instance, runs the executor and saves the new state with all
/// of the step's effects in one SaveChanges (one transaction). Concurrent steps on one
/// instance are serialised by its revision; a bookmark row can be deleted only once.
/// </summary>
public sealed partial class WorkflowRuntime
{
    private readonly IWorkflowDbContextFactory _dbFactory;
    private readonly WorkflowDefinitionStore _definitions;
    private readonly WorkflowExecutor _executor;
    private readonly TimeProvider _clock;
    private readonly IServiceProvider _services;
    private readonly WorkflowRuntimeOptions _options;
    private readonly ILogger _logger;
    private readonly TaskChanges _taskChanges;

    /// <summary>Creates the runtime.</summary>
    public WorkflowRuntime(IWorkflowDbContextFactory dbFactory, WorkflowDefinitionStore definitions, WorkflowExecutor executor,
        TimeProvider clock, IServiceProvider services, IOptions<WorkflowRuntimeOptions>? options = null, ILogger<WorkflowRuntime>? logger = null,
        TaskChanges? taskChanges = null)
    {
        _taskChanges = taskChanges ?? new TaskChanges();
        _dbFactory = dbFactory;
        _definitions = definitions;
        _executor = executor;
        _clock = clock;
        _services = services;
        _options = options?.Value ?? new WorkflowRuntimeOptions();
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>This host's lease name.</summary>
    public string HostId => _options.HostId;

    /// <summary>
    /// Starts the latest (or given) version of a definition and runs it until it finishes or
    /// waits, in one transaction. With <see cref="StartOptions.Defer"/> the instance is only
    /// stored as Running and the background worker runs it.
    /// </summary>
    public async Task<InstanceSnapshot> StartAsync(string definitionId, JsonObject? input, StartOptions? options = null,
        CancellationToken ct = default)
    {
        options ??= new StartOptions();
        var flow = await _definitions.GetCompiledAsync(definitionId, options.Version, ct);
        var instanceId = options.InstanceId ?? NewId();
        for (var attempt = 1; ; attempt++)
        {
            var state = _executor.CreateInstance(flow, attempt == 1 ? input : input?.DeepClone().AsObject(), options.CorrelationId, instanceId);
            await using var db = _dbFactory.CreateDbContext();
            var record = StepWriter.NewRecord(state);
            ExecutionEffects? effects = null;
            if (!options.Defer)
                effects = await _executor.RunAsync(flow, state, new UnitOfWorkServices(db, _services), ct);
            var changes = new StepChanges();
            var follow = await WriteAsync(db, changes, record, isNew: true, state, effects, new HashSet<string>(), ct);
            try
            {
                await StepSqlWriter.SaveAsync(db, changes, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < _options.MaxConcurrencyRetries)
            {
                // A CRM row the first step changed (e.g. a manager's load) was changed by another step first: run it again.
                continue;
            }
            if (options.Defer) follow.Instances.Add(state.Id);
            if (!options.Defer || options.RunDeferredInline) await RunFollowUpsAsync(follow, ct);
            return InstanceSnapshot.From(state, effects);
        }
    }

    /// <summary>
    /// Resumes a bookmark with a payload. Throws <see cref="BookmarkNotFoundException"/> when it
    /// was already resumed, and <see cref="Activities.ResumeRejectedException"/> when the payload is refused.
    /// </summary>
    public Task<InstanceSnapshot> ResumeAsync(string bookmarkId, JsonNode? payload, CancellationToken ct = default) =>
        WithRetriesAsync(async (db, _) =>
        {
            // One query: the instance that owns the bookmark.
            var record = await db.Set<BookmarkRecord>().AsNoTracking().Where(b => b.Id == bookmarkId)
                             .Join(db.Set<WorkflowInstanceRecord>().AsNoTracking(), b => b.InstanceId, i => i.Id, (_, i) => i)
                             .FirstOrDefaultAsync(ct)
                         ?? throw new BookmarkNotFoundException("(unknown)", bookmarkId);
            var (state, flow) = await ReadAsync(record, ct);
            var before = state.Bookmarks.Select(b => b.Id).ToHashSet();
            var effects = await _executor.ResumeAsync(flow, state, bookmarkId, payload, new UnitOfWorkServices(db, _services), ct);
            return (record, state, effects, before);
        }, ct);

    /// <summary>Completes a human task with an outcome and form data (the task id is its bookmark id).</summary>
    public Task<InstanceSnapshot> CompleteTaskAsync(string taskId, string? outcome, JsonObject? data, string? user,
        CancellationToken ct = default) =>
        ResumeAsync(taskId, new JsonObject { ["outcome"] = outcome, ["data"] = data?.DeepClone(), ["user"] = user }, ct);

    /// <summary>Re-runs the failed activity of a faulted instance.</summary>
    public Task<InstanceSnapshot> RetryAsync(string instanceId, CancellationToken ct = default) =>
        WithRetriesAsync(async (db, changes) =>
        {
            var (record, state, flow) = await LoadAsync(db, instanceId, ct);
            var before = state.Bookmarks.Select(b => b.Id).ToHashSet();
            var incidentId = state.Incident?.Id;
            var effects = await _executor.RetryAsync(flow, state, new UnitOfWorkServices(db, _services), ct);
            if (incidentId is not null) Resolve(changes, incidentId, "retried");
            return (record, state, effects, before);
        }, ct);

    /// <summary>Cancels an instance: bookmarks dropped, open tasks cancelled.</summary>
    public Task<InstanceSnapshot> CancelAsync(string instanceId, CancellationToken ct = default) =>
        WithRetriesAsync(async (db, changes) =>
        {
            var (record, state, flow) = await LoadAsync(db, instanceId, ct);
            var before = state.Bookmarks.Select(b => b.Id).ToHashSet();
            var incidentId = state.Incident?.Id;
            var effects = _executor.Cancel(flow, state);
            if (incidentId is not null) Resolve(changes, incidentId, "cancelled");
            return (record, state, effects, before);
        }, ct);

    /// <summary>Loads an instance's state (read-only).</summary>
    public async Task<WorkflowInstanceState?> GetStateAsync(string instanceId, CancellationToken ct = default)
    {
        await using var db = _dbFactory.CreateDbContext();
        var json = await db.Set<WorkflowInstanceRecord>().Where(i => i.Id == instanceId).Select(i => i.StateJson).FirstOrDefaultAsync(ct);
        return json is null ? null : StateSerializer.Deserialize(json);
    }

    private async Task<InstanceSnapshot> WithRetriesAsync(
        Func<DbContext, StepChanges, Task<(WorkflowInstanceRecord, WorkflowInstanceState, ExecutionEffects?, HashSet<string>)>> step,
        CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = _dbFactory.CreateDbContext();
            var changes = new StepChanges();
            var (record, state, effects, before) = await step(db, changes);
            var follow = await WriteAsync(db, changes, record, isNew: false, state, effects, before, ct);
            try
            {
                await StepSqlWriter.SaveAsync(db, changes, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < _options.MaxConcurrencyRetries)
            {
                // Another step changed the instance (or took the bookmark) first: start over from what it wrote.
                continue;
            }
            await RunFollowUpsAsync(follow, ct);
            return InstanceSnapshot.From(state, effects);
        }
    }

    private async Task<(WorkflowInstanceRecord, WorkflowInstanceState, CompiledWorkflow)> LoadAsync(DbContext db, string instanceId,
        CancellationToken ct)
    {
        var record = await db.Set<WorkflowInstanceRecord>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct)
                     ?? throw new InstanceNotFoundException(instanceId);
        var (state, flow) = await ReadAsync(record, ct);
        return (record, state, flow);
    }

    private async Task<(WorkflowInstanceState, CompiledWorkflow)> ReadAsync(WorkflowInstanceRecord record, CancellationToken ct) =>
        (StateSerializer.Deserialize(record.StateJson), await _definitions.GetCompiledAsync(record.DefinitionId, record.Version, ct));

    private async Task<FollowUps> WriteAsync(DbContext db, StepChanges changes, WorkflowInstanceRecord record, bool isNew,
        WorkflowInstanceState state, ExecutionEffects? effects, ISet<string> before, CancellationToken ct)
    {
        var follow = StepWriter.Apply(changes, record, isNew, state, effects, before, _clock, NewId);
        // Activities may move tasks through the step's context (an escalation hands them to someone else).
        follow.Tasks.AddRange(db.ChangeTracker.Entries<HumanTaskRecord>()
            .Where(e => e.State is EntityState.Modified or EntityState.Added).Select(e => e.Entity.Id));
        if (effects is not null)
            foreach (var child in effects.Children)
                follow.Instances.Add(await CreateChildAsync(changes, state, child, ct));
        return follow;
    }

    // A child is stored as Running in the parent's transaction and run right after commit,
    // so a crash in between loses nothing: the worker picks it up.
    private async Task<string> CreateChildAsync(StepChanges changes, WorkflowInstanceState parent, ChildStart child, CancellationToken ct)
    {
        WorkflowInstanceState state;
        try
        {
            var flow = await _definitions.GetCompiledAsync(child.DefinitionId, child.Version, ct);
            state = _executor.CreateInstance(flow, child.Input, child.CorrelationId, child.ChildInstanceId, parent.Id);
        }
        catch (Exception ex) when (ex is DefinitionNotFoundException or DefinitionInvalidException or WorkflowInputException)
        {
            state = Faulted(changes, child.ChildInstanceId, child.DefinitionId, child.Version, child.CorrelationId, parent.Id,
                child.ParentActivityId, "core.runWorkflow", ex.Message, $"Child workflow could not start: {ex.Message}");
        }
        var record = StepWriter.NewRecord(state);
        record.Status = state.Status;
        record.StateJson = StateSerializer.Serialize(state);
        changes.Inserts.Add(record);
        return state.Id;
    }

    /// <summary>An instance that could not start, stored as Faulted with its incident so people see it (and nothing retries it blindly).</summary>
    private WorkflowInstanceState Faulted(StepChanges changes, string id, string definitionId, int? version, string? correlationId,
        string? parentId, string activityId, string activityType, string message, string incidentMessage)
    {
        var now = _clock.GetUtcNow();
        var state = new WorkflowInstanceState
        {
            Id = id, DefinitionId = definitionId, Version = version ?? 0, CorrelationId = correlationId, ParentInstanceId = parentId,
            Status = WorkflowStatus.Faulted, CreatedAt = now, UpdatedAt = now,
            Incident = new IncidentState { Id = NewId(), ActivityId = activityId, ActivityType = activityType, Message = message, At = now },
        };
        changes.Inserts.Add(new IncidentRecord
        {
            Id = state.Incident.Id, InstanceId = state.Id, DefinitionId = state.DefinitionId, ActivityId = activityId,
            ActivityType = activityType, Message = incidentMessage, At = now,
        });
        return state;
    }

    private void Resolve(StepChanges changes, string incidentId, string resolution) =>
        changes.Updates.Add((typeof(IncidentRecord), incidentId, new Dictionary<string, object?>
        {
            [nameof(IncidentRecord.Resolution)] = resolution,
            [nameof(IncidentRecord.ResolvedAt)] = _clock.GetUtcNow(),
        }));

    private string NewId() => Guid.CreateVersion7(_clock.GetUtcNow()).ToString("N");
}

/// <summary>Options for <see cref="WorkflowRuntime.StartAsync"/>.</summary>
public sealed record StartOptions
{
    /// <summary>Business key (lead id, case number...).</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Version to start; the latest when null.</summary>
    public int? Version { get; init; }

    /// <summary>Instance id to use (makes starts idempotent); a new one when null.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Only store the instance; the background worker runs it.</summary>
    public bool Defer { get; init; }

    /// <summary>With <see cref="Defer"/>: still run it right after commit (the worker is the safety net).</summary>
    public bool RunDeferredInline { get; init; }
}

/// <summary>What a caller learns from a runtime call.</summary>
public sealed record InstanceSnapshot(
    string InstanceId,
    WorkflowStatus Status,
    IReadOnlyList<BookmarkState> Bookmarks,
    IReadOnlyList<HumanTaskSpec> TasksCreated,
    IncidentState? Incident,
    JsonObject Variables)
{
    internal static InstanceSnapshot From(WorkflowInstanceState state, ExecutionEffects? effects) =>
        new(state.Id, state.Status, state.Bookmarks.ToList(), effects?.TasksCreated.ToList() ?? [], state.Incident,
            state.Variables.DeepClone().AsObject());
}

/// <summary>No such instance.</summary>
public sealed class InstanceNotFoundException(string instanceId) : Exception($"No workflow instance '{instanceId}'.")
{
    /// <summary>Instance id.</summary>
    public string InstanceId { get; } = instanceId;
}
