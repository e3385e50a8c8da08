using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CrmWorkflow.Engine.Runtime.Durable;

// Work that happens outside a caller's request: due timers, the outbox (events, child
// completions) and instances left Running by a crash. Each piece is claimed with a lease,
// so several hosts can share one database, and each is idempotent, so a piece redone after
// a lease expired changes nothing twice.
public sealed partial class WorkflowRuntime
{
    /// <summary>
    /// Raises an event now: resumes every instance waiting for it (matching correlation) and
    /// starts every definition it triggers. The event is stored first, so it is not lost if the
    /// host stops half-way.
    /// </summary>
    public async Task<EventResult> RaiseEventAsync(string name, string? correlationId, JsonNode? payload, CancellationToken ct = default)
    {
        string id;
        await using (var db = _dbFactory.CreateDbContext())
        {
            id = QueueEvent(db, name, correlationId, payload);
            await db.SaveChangesAsync(ct);
        }
        return await DispatchEventAsync(id, ct);
    }

    /// <summary>
    /// Adds an event to the caller's unit of work, so it is committed together with the change
    /// that caused it (e.g. a new lead and its <c>lead.created</c>). After SaveChanges, call
    /// <see cref="DispatchEventAsync(string, CancellationToken)"/> to handle it at once; if the
    /// caller never does, the background worker does. Returns the event's id.
    /// </summary>
    public string QueueEvent(DbContext db, string name, string? correlationId, JsonNode? payload) =>
        AddEventRow(db, NewId(), name, correlationId, payload);

    private string AddEventRow(DbContext db, string id, string name, string? correlationId, JsonNode? payload)
    {
        db.Add(new WorkItemRecord
        {
            Id = id, Kind = WorkKind.Event, Name = name, CorrelationId = correlationId,
            PayloadJson = payload?.ToJsonString(), CreatedAt = _clock.GetUtcNow(),
        });
        return id;
    }

    /// <summary>Handles a committed event now (see <see cref="QueueEvent"/>).</summary>
    public async Task<EventResult> DispatchEventAsync(string eventId, CancellationToken ct = default) =>
        await ProcessWorkItemAsync(eventId, ct) ?? new EventResult([], []);

    /// <summary>Fires due timers: claims up to a batch with a lease and resumes each once. Returns how many fired.</summary>
    public async Task<int> FireDueTimersAsync(CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        List<string> claimed;
        await using (var db = _dbFactory.CreateDbContext())
        {
            var bookmarks = db.Set<BookmarkRecord>();
            var due = await bookmarks.Where(b => b.Kind == BookmarkKind.Timer && b.DueAt <= now && (b.LeaseUntil == null || b.LeaseUntil < now))
                .OrderBy(b => b.DueAt).Select(b => b.Id).Take(_options.BatchSize).ToListAsync(ct);
            if (due.Count == 0) return 0;
            var until = now + _options.LeaseDuration;
            var owner = _options.HostId;
            await bookmarks.Where(b => due.Contains(b.Id) && (b.LeaseUntil == null || b.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.LeaseOwner, owner).SetProperty(b => b.LeaseUntil, until), ct);
            // Read back by key what this host claimed (another may have taken some first); by lease
            // alone this scanned every waiting bookmark on every poll.
            claimed = await bookmarks.AsNoTracking().Where(b => due.Contains(b.Id) && b.LeaseOwner == owner && b.LeaseUntil == until)
                .Select(b => b.Id).ToListAsync(ct);
        }
        var fired = 0;
        foreach (var id in claimed)
        {
            try
            {
                await ResumeAsync(id, new JsonObject { ["firedAt"] = _clock.GetUtcNow() }, ct);
                fired++;
            }
            catch (BookmarkNotFoundException)
            {
                // Another host fired it after our lease ran out, or the instance moved on: nothing to do.
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Timer {BookmarkId} could not fire; it will be tried again when its lease expires.", id);
            }
        }
        return fired;
    }

    /// <summary>Processes outbox rows and re-runs instances left Running (e.g. by a crash). Returns how many were handled.</summary>
    public async Task<int> ProcessPendingWorkAsync(CancellationToken ct = default)
    {
        var now = _clock.GetUtcNow();
        List<string> items, instances;
        await using (var db = _dbFactory.CreateDbContext())
        {
            items = await db.Set<WorkItemRecord>().AsNoTracking().Where(w => w.LeaseUntil == null || w.LeaseUntil < now)
                .OrderBy(w => w.CreatedAt).Select(w => w.Id).Take(_options.BatchSize).ToListAsync(ct);
            instances = await db.Set<WorkflowInstanceRecord>().AsNoTracking()
                .Where(i => i.Status == WorkflowStatus.Running && (i.LeaseUntil == null || i.LeaseUntil < now))
                .OrderBy(i => i.LeaseUntil).Select(i => i.Id).Take(_options.BatchSize).ToListAsync(ct);
        }
        var handled = 0;
        foreach (var id in items)
            if (await ProcessWorkItemAsync(id, ct) is not null) handled++;
        foreach (var id in instances)
            if (await RunQueuedAsync(id, ct)) handled++;
        return handled;
    }

    // Every committed step ends here (its own commit or, in a caller's transaction, after the caller's),
    // so this is the one place that tells inboxes; a step that rolled back never gets here.
    private async Task RunFollowUpsAsync(FollowUps first, CancellationToken ct)
    {
        _taskChanges.Publish(first.Tasks.Distinct().ToList());
        var pending = new Queue<FollowUps>([first]);
        var budget = _options.MaxInlineFollowUps;
        while (pending.Count > 0 && budget > 0)
        {
            var follow = pending.Dequeue();
            foreach (var id in follow.Instances)
                if (budget-- > 0) await RunQueuedAsync(id, ct);
            foreach (var id in follow.WorkItems)
                if (budget-- > 0) await ProcessWorkItemAsync(id, ct);
        }
    }

    /// <summary>Runs an instance's queued work under a lease. False when another host holds it or there is nothing to run.</summary>
    private async Task<bool> RunQueuedAsync(string instanceId, CancellationToken ct)
    {
        if (!await ClaimAsync<WorkflowInstanceRecord>(i => i.Id == instanceId && i.Status == WorkflowStatus.Running, ct)) return false;
        try
        {
            await WithRetriesAsync(async (db, _) =>
            {
                var (record, state, flow) = await LoadAsync(db, instanceId, ct);
                var before = state.Bookmarks.Select(b => b.Id).ToHashSet();
                var effects = state.Status == WorkflowStatus.Running
                    ? await _executor.RunAsync(flow, state, new UnitOfWorkServices(db, _services), ct)
                    : null;
                return (record, state, effects, before);
            }, ct);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Instance {InstanceId} could not run; the worker will try again after its lease expires.", instanceId);
            return false;
        }
    }

    private async Task<EventResult?> ProcessWorkItemAsync(string id, CancellationToken ct)
    {
        if (!await ClaimAsync<WorkItemRecord>(w => w.Id == id, ct)) return null;
        WorkItemRecord item;
        await using (var db = _dbFactory.CreateDbContext())
            item = await db.Set<WorkItemRecord>().AsNoTracking().FirstAsync(w => w.Id == id, ct);
        try
        {
            var payload = item.PayloadJson is null ? null : JsonNode.Parse(item.PayloadJson);
            var result = item.Kind == WorkKind.Event
                ? await DispatchToWorkflowsAsync(item, payload, ct)
                : await ResumeParentAsync(item, payload, ct);
            await using var db = _dbFactory.CreateDbContext();
            await db.Set<WorkItemRecord>().Where(w => w.Id == id).ExecuteDeleteAsync(ct);
            return result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            _logger.LogError(ex, "Work item {WorkItemId} ({Kind}) failed; it will be retried.", id, item.Kind);
            await using var db = _dbFactory.CreateDbContext();
            var retryAt = _clock.GetUtcNow() + TimeSpan.FromSeconds(Math.Min(300, 5 * (1 << Math.Min(item.Attempts, 6))));
            var error = ex.Message.Length > 4000 ? ex.Message[..4000] : ex.Message;
            await db.Set<WorkItemRecord>().Where(w => w.Id == id).ExecuteUpdateAsync(s => s
                .SetProperty(w => w.Attempts, w => w.Attempts + 1)
                .SetProperty(w => w.LastError, error)
                .SetProperty(w => w.LeaseUntil, retryAt), ct);
            return null;
        }
    }

    private async Task<EventResult> DispatchToWorkflowsAsync(WorkItemRecord item, JsonNode? payload, CancellationToken ct)
    {
        List<string> waiting;
        await using (var db = _dbFactory.CreateDbContext())
        {
            waiting = await db.Set<BookmarkRecord>().AsNoTracking()
                .Where(b => b.Kind == BookmarkKind.Event && b.EventName == item.Name
                            && (b.CorrelationKey == null || b.CorrelationKey == item.CorrelationId))
                .OrderBy(b => b.CreatedAt).Select(b => b.Id).ToListAsync(ct);
        }
        var triggers = item.Name is null ? [] : await _definitions.TriggersForAsync(item.Name, ct);
        var resumed = new List<string>();
        foreach (var bookmarkId in waiting)
        {
            try
            {
                resumed.Add((await ResumeAsync(bookmarkId, payload?.DeepClone(), ct)).InstanceId);
            }
            catch (BookmarkNotFoundException)
            {
                // Resumed already (this item is being redone after a crash).
            }
        }
        var started = new List<string>();
        foreach (var trigger in triggers)
        {
            var flow = await _definitions.GetCompiledAsync(trigger.DefinitionId, trigger.Version, ct);
            var condition = flow.Triggers.FirstOrDefault(t => t.Event == item.Name)?.Condition;
            if (condition is not null && !ScriptValues.IsTrue(EvaluateTriggerCondition(condition, payload))) continue;
            // The id is derived from the event and definition, so redoing this item cannot start a second instance.
            var instanceId = DeterministicId(item.Id, trigger.DefinitionId);
            try
            {
                var input = payload as JsonObject ?? new JsonObject { ["event"] = payload?.DeepClone() };
                await StartAsync(trigger.DefinitionId, input.DeepClone().AsObject(),
                    new StartOptions { CorrelationId = item.CorrelationId, Version = trigger.Version, InstanceId = instanceId }, ct);
                started.Add(instanceId);
            }
            catch (DbUpdateException)
            {
                if (!await ExistsAsync(instanceId, ct)) throw;
                started.Add(instanceId);
            }
            catch (Exception ex) when (ex is DefinitionNotFoundException or DefinitionInvalidException or WorkflowInputException)
            {
                // Redoing the event would fail the same way: keep it as a faulted instance with an incident instead.
                await StoreFaultedStartAsync(instanceId, trigger, item, ex, ct);
                started.Add(instanceId);
            }
        }
        return new EventResult(resumed, started);
    }

    private async Task StoreFaultedStartAsync(string instanceId, WorkflowTriggerRecord trigger, WorkItemRecord item, Exception ex, CancellationToken ct)
    {
        var changes = new StepChanges();
        var state = Faulted(changes, instanceId, trigger.DefinitionId, trigger.Version, item.CorrelationId, null, "(trigger)", "trigger",
            ex.Message, $"Event '{item.Name}' could not start '{trigger.DefinitionId}': {ex.Message}");
        var record = StepWriter.NewRecord(state);
        record.Status = state.Status;
        record.StateJson = StateSerializer.Serialize(state);
        changes.Inserts.Add(record);
        await using var db = _dbFactory.CreateDbContext();
        try
        {
            await StepSqlWriter.SaveAsync(db, changes, ct);
        }
        catch (DbUpdateException)
        {
            // Stored already when this event was handled before; anything else is retried with the event.
            if (!await ExistsAsync(instanceId, ct)) throw;
        }
    }

    private object? EvaluateTriggerCondition(CompiledScript condition, JsonNode? payload)
    {
        var globals = new Scriban.Runtime.ScriptObject { ["event"] = ScriptValues.FromJson(payload), ["now"] = _clock.GetUtcNow().UtcDateTime };
        return _executor.Expressions.Evaluate(condition, globals);
    }

    private async Task<EventResult> ResumeParentAsync(WorkItemRecord item, JsonNode? payload, CancellationToken ct)
    {
        string? bookmarkId;
        await using (var db = _dbFactory.CreateDbContext())
            bookmarkId = await db.Set<BookmarkRecord>().AsNoTracking()
                .Where(b => b.ChildInstanceId == item.Name && b.InstanceId == item.InstanceId && b.Kind == BookmarkKind.Child)
                .Select(b => b.Id).FirstOrDefaultAsync(ct);
        if (bookmarkId is null) return new EventResult([], []);
        try
        {
            await ResumeAsync(bookmarkId, payload, ct);
            return new EventResult([item.InstanceId!], []);
        }
        catch (BookmarkNotFoundException)
        {
            return new EventResult([], []);
        }
    }

    private async Task<bool> ClaimAsync<T>(System.Linq.Expressions.Expression<Func<T, bool>> which, CancellationToken ct) where T : class
    {
        var now = _clock.GetUtcNow();
        var until = now + _options.LeaseDuration;
        var owner = _options.HostId;
        await using var db = _dbFactory.CreateDbContext();
        var set = db.Set<T>().Where(which)
            .Where(x => EF.Property<DateTimeOffset?>(x, "LeaseUntil") == null || EF.Property<DateTimeOffset?>(x, "LeaseUntil") < now);
        var rows = await set.ExecuteUpdateAsync(s => s
            .SetProperty(x => EF.Property<string?>(x, "LeaseOwner"), owner)
            .SetProperty(x => EF.Property<DateTimeOffset?>(x, "LeaseUntil"), until), ct);
        return rows == 1;
    }

    private async Task<bool> ExistsAsync(string instanceId, CancellationToken ct)
    {
        await using var db = _dbFactory.CreateDbContext();
        return await db.Set<WorkflowInstanceRecord>().AnyAsync(i => i.Id == instanceId, ct);
    }

    /// <summary>
    /// The id of the instance an event starts for a definition: the same for the same event, so
    /// a redone event cannot start it twice. It begins with the event id's time part (a
    /// version-7 UUID's first 12 hex digits), so new instances sort after older ones: their rows
    /// and the journal's, tasks' and bookmarks' index entries go to the end of those indexes
    /// instead of a random page of each (a hash alone scattered them).
    /// </summary>
    internal static string DeterministicId(string workItemId, string definitionId)
    {
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(workItemId + "|" + definitionId))).ToLowerInvariant();
        return IsTimeOrdered(workItemId) ? string.Concat(workItemId.AsSpan(0, 12), hash.AsSpan(0, 20)) : hash[..32];
    }

    private static bool IsTimeOrdered(string id) => id.Length == 32 && id[12] == '7' && !id.AsSpan(0, 12).ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");
}

/// <summary>What raising an event did.</summary>
public sealed record EventResult(IReadOnlyList<string> ResumedInstances, IReadOnlyList<string> StartedInstances);
