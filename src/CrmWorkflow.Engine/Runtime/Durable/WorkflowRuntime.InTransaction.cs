using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace CrmWorkflow.Engine.Runtime.Durable;

/// <summary>What <see cref="WorkflowRuntime.RaiseEventInTransactionAsync"/> did; pass it to <see cref="WorkflowRuntime.CompleteAsync"/> after commit.</summary>
public sealed class TransactionalEvent
{
    internal TransactionalEvent(string eventId, FollowUps follow, IReadOnlyList<string> started, bool queued)
    {
        EventId = eventId;
        Follow = follow;
        StartedInstances = started;
        Queued = queued;
    }

    /// <summary>The event's id.</summary>
    public string EventId { get; }

    /// <summary>Instances the event started (their first step is in the caller's transaction).</summary>
    public IReadOnlyList<string> StartedInstances { get; }

    /// <summary>True when (part of) the event was queued for after the commit: waiting instances, or a start that could not run now.</summary>
    public bool Queued { get; }

    /// <summary>True when <see cref="WorkflowRuntime.CompleteAsync"/> has instances or queued work to run, which may change data further.</summary>
    public bool HasWorkAfterCommit => Follow.Instances.Count > 0 || Follow.WorkItems.Count > 0;

    internal FollowUps Follow { get; }
}

// Raising an event inside the caller's transaction: a request that creates a record and the
// workflows that react to it (a lead and its routing) commit together, in one transaction and
// without the event outbox round trip.
public sealed partial class WorkflowRuntime
{
    private const string Savepoint = "workflow_start";

    // Asked for every raised event (every lead): compiled once rather than translated from LINQ each time.
    private static readonly Func<DbContext, string, string?, CancellationToken, Task<bool>> AnyWaiting = EF.CompileAsyncQuery(
        (DbContext db, string name, string? correlationId, CancellationToken ct) => db.Set<BookmarkRecord>().AsNoTracking().Any(b => b.Kind == BookmarkKind.Event
            && b.EventName == name && (b.CorrelationKey == null || b.CorrelationKey == correlationId)));

    /// <summary>
    /// Raises an event inside the caller's open transaction on <paramref name="db"/>: every
    /// workflow it triggers is started and run to its first wait in that transaction (each start
    /// behind a savepoint, retried on a concurrency conflict). Instances waiting for the event,
    /// and starts that fail for reasons other than the data (e.g. a definition that cannot be
    /// loaded), are left to the event outbox, so nothing is lost. Rows the caller added and has not
    /// saved are written with the first started workflow's step (one write: the step may have
    /// changed them, e.g. a lead and its assignment), or with the queued event; other tracked rows
    /// may be detached after a failed start. After commit, call <see cref="CompleteAsync"/>.
    /// </summary>
    public async Task<TransactionalEvent> RaiseEventInTransactionAsync(DbContext db, string name, string? correlationId, JsonNode? payload,
        CancellationToken ct = default)
    {
        var tx = db.Database.CurrentTransaction ?? throw new InvalidOperationException("Begin a transaction before raising an event in it.");
        var follow = FollowUps.None;
        var eventId = NewId();
        var triggers = await _definitions.TriggersForAsync(name, ct);
        var queue = await AnyWaiting(db, name, correlationId, ct);
        var started = new List<string>();
        foreach (var trigger in triggers)
        {
            var instanceId = DeterministicId(eventId, trigger.DefinitionId);
            try
            {
                var flow = await _definitions.GetCompiledAsync(trigger.DefinitionId, trigger.Version, ct);
                var condition = flow.Triggers.FirstOrDefault(t => t.Event == name)?.Condition;
                if (condition is not null && !ScriptValues.IsTrue(EvaluateTriggerCondition(condition, payload))) continue;
                var input = payload as JsonObject ?? new JsonObject { ["event"] = payload?.DeepClone() };
                await StartInTransactionAsync(db, tx, flow, input, correlationId, instanceId, follow, ct);
                started.Add(instanceId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The outbox redoes the whole event; the instance id derived from it keeps the starts that did run from running twice.
                _logger.LogWarning(ex, "Event {Event}: '{DefinitionId}' could not start in the caller's transaction; it is queued.", name, trigger.DefinitionId);
                queue = true;
            }
        }
        if (queue)
        {
            AddEventRow(db, eventId, name, correlationId, payload);
            await db.SaveChangesAsync(ct);
            follow.WorkItems.Add(eventId);
        }
        return new TransactionalEvent(eventId, follow, started, queue);
    }

    /// <summary>After the caller committed: runs what the started instances queued (children, events, the outbox entry).</summary>
    public Task CompleteAsync(TransactionalEvent raised, CancellationToken ct = default) => RunFollowUpsAsync(raised.Follow, ct);

    // After a failed attempt's rollback: the caller's pending inserts (a new record the step was to
    // write with it) are put back as they were before the attempt; everything else is forgotten,
    // since the attempt may have changed or saved it, so later reads come from the database.
    private static void ForgetAttempt(DbContext db, DbContextCheckpoint checkpoint, object before)
    {
        checkpoint.Undo(before);
        foreach (var entry in db.ChangeTracker.Entries().Where(e => e.State != EntityState.Added).ToList())
            entry.State = EntityState.Detached;
    }

    private async Task StartInTransactionAsync(DbContext db, IDbContextTransaction tx, CompiledWorkflow flow, JsonObject input,
        string? correlationId, string instanceId, FollowUps follow, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            var checkpoint = new DbContextCheckpoint(db);
            var before = checkpoint.Mark();
            await tx.CreateSavepointAsync(Savepoint, ct);
            try
            {
                var state = _executor.CreateInstance(flow, attempt == 1 ? input : input.DeepClone().AsObject(), correlationId, instanceId);
                var effects = await _executor.RunAsync(flow, state, new UnitOfWorkServices(db, _services), ct);
                var changes = new StepChanges();
                var step = await WriteAsync(db, changes, StepWriter.NewRecord(state), isNew: true, state, effects, new HashSet<string>(), ct);
                await StepSqlWriter.SaveAsync(db, changes, ct);
                await tx.ReleaseSavepointAsync(Savepoint, ct);
                follow.Instances.AddRange(step.Instances);
                follow.WorkItems.AddRange(step.WorkItems);
                follow.Tasks.AddRange(step.Tasks);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await tx.RollbackToSavepointAsync(Savepoint, ct);
                ForgetAttempt(db, checkpoint, before);
                if (ex is not DbUpdateConcurrencyException || attempt >= _options.MaxConcurrencyRetries) throw;
            }
        }
    }
}
