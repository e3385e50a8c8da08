using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Validation;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Stores every version of every definition. Only the newest version may be a draft; saving
/// edits it in place (guarded by its revision). Publishing validates and freezes a version;
/// new instances start on the newest published one, running instances keep theirs. Compiled
/// published versions are cached for good (they never change).
/// </summary>
public sealed class WorkflowDefinitionStore(IWorkflowDbContextFactory dbFactory, WorkflowCompiler compiler, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string, int), CompiledWorkflow> _compiled = new();
    private readonly ConcurrentDictionary<string, (int Version, DateTimeOffset Until)> _latest = new();

    private readonly ConcurrentDictionary<string, (IReadOnlyList<WorkflowTriggerRecord> Triggers, DateTimeOffset Until)> _triggers = new();

    /// <summary>How long a host trusts its cached "latest published version" and triggers (other hosts may publish).</summary>
    public TimeSpan LatestCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Saves a draft: edits the newest version when it is a draft, else adds a new draft version.
    /// Drafts may be invalid; the problems are returned. <paramref name="expectedRevision"/>, when
    /// given, must match the draft's revision (else <see cref="DefinitionConflictException"/>).
    /// </summary>
    public async Task<SaveResult> SaveDraftAsync(WorkflowDefinition definition, int? expectedRevision = null,
        string? savedBy = null, CancellationToken ct = default)
    {
        var problems = compiler.Validate(definition with { Version = Math.Max(1, definition.Version) });
        await using var db = dbFactory.CreateDbContext();
        var versions = db.Set<WorkflowDefinitionRecord>();
        var latest = await versions.FirstOrDefaultAsync(v => v.DefinitionId == definition.DefinitionId && v.IsLatest, ct);
        var now = clock.GetUtcNow();
        WorkflowDefinitionRecord draft;
        if (latest is { IsPublished: false })
        {
            if (expectedRevision is { } r && r != latest.Revision)
                throw new DefinitionConflictException($"Draft v{latest.Version} of '{definition.DefinitionId}' was saved by someone else (revision {latest.Revision}, you had {r}); reload it.");
            draft = latest;
        }
        else
        {
            if (latest is not null) latest.IsLatest = false;
            draft = new WorkflowDefinitionRecord { DefinitionId = definition.DefinitionId, Version = (latest?.Version ?? 0) + 1, IsLatest = true };
            versions.Add(draft);
        }
        Fill(draft, definition with { Version = draft.Version }, now, savedBy);
        draft.Revision++;
        await SaveAsync(db, ct);
        return new SaveResult(draft.DefinitionId, draft.Version, draft.Revision, problems);
    }

    /// <summary>Publishes a stored version (the newest when null). Throws <see cref="DefinitionInvalidException"/>.</summary>
    public async Task<PublishResult> PublishAsync(string definitionId, int? version = null, string? publishedBy = null,
        CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var versions = db.Set<WorkflowDefinitionRecord>();
        var record = await (version is { } v
                ? versions.FirstOrDefaultAsync(r => r.DefinitionId == definitionId && r.Version == v, ct)
                : versions.FirstOrDefaultAsync(r => r.DefinitionId == definitionId && r.IsLatest, ct))
            ?? throw new DefinitionNotFoundException(definitionId, version);
        if (record.IsPublished) return new PublishResult(definitionId, record.Version, false);
        var definition = Parse(record);
        var problems = compiler.Validate(definition);
        if (problems.Count > 0) throw new DefinitionInvalidException(definitionId, problems);
        await MarkPublishedAsync(db, record, definition, publishedBy, ct);
        await SaveAsync(db, ct);
        _triggers.Clear();
        _latest[definitionId] = (record.Version, clock.GetUtcNow() + LatestCacheDuration);
        return new PublishResult(definitionId, record.Version, true);
    }

    /// <summary>
    /// Validates a whole document and publishes it as the next version, unless it equals the
    /// newest published one (importing an unchanged file is a no-op).
    /// </summary>
    public async Task<PublishResult> PublishAsync(WorkflowDefinition definition, string? publishedBy = null, CancellationToken ct = default)
    {
        var problems = compiler.Validate(definition with { Version = 1 });
        if (problems.Count > 0) throw new DefinitionInvalidException(definition.DefinitionId, problems);
        await using (var db = dbFactory.CreateDbContext())
        {
            var published = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
                .FirstOrDefaultAsync(v => v.DefinitionId == definition.DefinitionId && v.IsLatestPublished, ct);
            if (published?.ContentHash == Hash(definition)) return new PublishResult(definition.DefinitionId, published.Version, false);
        }
        var draft = await SaveDraftAsync(definition, null, publishedBy, ct);
        return await PublishAsync(definition.DefinitionId, draft.Version, publishedBy, ct);
    }

    /// <summary>Deletes a draft (the newest version when null). Published versions cannot be deleted.</summary>
    public async Task DeleteDraftAsync(string definitionId, int? version = null, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var versions = db.Set<WorkflowDefinitionRecord>();
        var record = await (version is { } v
                ? versions.FirstOrDefaultAsync(r => r.DefinitionId == definitionId && r.Version == v, ct)
                : versions.FirstOrDefaultAsync(r => r.DefinitionId == definitionId && r.IsLatest, ct))
            ?? throw new DefinitionNotFoundException(definitionId, version);
        if (record.IsPublished)
            throw new DefinitionConflictException($"Version {record.Version} of '{definitionId}' is published and cannot be deleted; only drafts can.");
        versions.Remove(record);
        var previous = await versions.Where(r => r.DefinitionId == definitionId && r.Version < record.Version)
            .OrderByDescending(r => r.Version).FirstOrDefaultAsync(ct);
        if (previous is not null) previous.IsLatest = true;
        await SaveAsync(db, ct);
    }

    /// <summary>
    /// Forgets cached versions and triggers, for when the database changed behind the store's
    /// back (a restore, a test resetting its tables).
    /// </summary>
    public void ClearCaches()
    {
        _compiled.Clear();
        _latest.Clear();
        _triggers.Clear();
    }

    /// <summary>
    /// The published definitions an event starts. Every event raised asks, so the answer is
    /// cached like the latest version: this host's publishes show at once, other hosts' within
    /// <see cref="LatestCacheDuration"/>.
    /// </summary>
    public async ValueTask<IReadOnlyList<WorkflowTriggerRecord>> TriggersForAsync(string eventName, CancellationToken ct = default)
    {
        if (_triggers.TryGetValue(eventName, out var hit) && hit.Until > clock.GetUtcNow()) return hit.Triggers;
        await using var db = dbFactory.CreateDbContext();
        var triggers = await db.Set<WorkflowTriggerRecord>().AsNoTracking().Where(t => t.EventName == eventName).ToListAsync(ct);
        _triggers[eventName] = (triggers, clock.GetUtcNow() + LatestCacheDuration);
        return triggers;
    }

    /// <summary>A stored version (the newest, draft or not, when <paramref name="version"/> is null).</summary>
    public async Task<WorkflowDefinitionRecord?> GetRecordAsync(string definitionId, int? version = null, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var query = db.Set<WorkflowDefinitionRecord>().AsNoTracking().Where(v => v.DefinitionId == definitionId);
        query = version is { } n ? query.Where(r => r.Version == n) : query.Where(r => r.IsLatest);
        return await query.FirstOrDefaultAsync(ct);
    }

    /// <summary>
    /// A stored version (the newest when <paramref name="version"/> is null) with its document
    /// parsed and validated now, so a version that no longer passes (an activity changed since it
    /// was published) says so. Null when there is no such version.
    /// </summary>
    public async Task<DefinitionVersion?> GetVersionAsync(string definitionId, int? version = null, CancellationToken ct = default)
    {
        if (await GetRecordAsync(definitionId, version, ct) is not { } record) return null;
        var definition = Parse(record);
        return new DefinitionVersion(record, definition, compiler.Validate(definition));
    }

    /// <summary>A stored version as a definition (the newest when <paramref name="version"/> is null).</summary>
    public async Task<WorkflowDefinition?> GetAsync(string definitionId, int? version = null, CancellationToken ct = default) =>
        await GetRecordAsync(definitionId, version, ct) is { } record ? Parse(record) : null;

    /// <summary>Every definition: its newest version and newest published version.</summary>
    public async Task<IReadOnlyList<DefinitionSummary>> ListAsync(CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var rows = await db.Set<WorkflowDefinitionRecord>().AsNoTracking().Where(v => v.IsLatest || v.IsLatestPublished)
            .Select(v => new { v.DefinitionId, v.Version, v.Name, v.Description, v.IsLatest, v.IsLatestPublished, v.SavedAt })
            .ToListAsync(ct);
        return rows.GroupBy(r => r.DefinitionId).OrderBy(g => g.Key).Select(g =>
        {
            var latest = g.Single(r => r.IsLatest);
            return new DefinitionSummary(g.Key, latest.Name, latest.Description, latest.Version,
                g.FirstOrDefault(r => r.IsLatestPublished)?.Version, latest.SavedAt);
        }).ToList();
    }

    /// <summary>Every version of one definition, newest first.</summary>
    public async Task<IReadOnlyList<WorkflowDefinitionRecord>> ListVersionsAsync(string definitionId, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        return await db.Set<WorkflowDefinitionRecord>().AsNoTracking().Where(v => v.DefinitionId == definitionId)
            .OrderByDescending(v => v.Version).ToListAsync(ct);
    }

    /// <summary>
    /// A published version compiled, from cache; the newest published when <paramref name="version"/>
    /// is null. Throws <see cref="DefinitionNotFoundException"/> (also for a draft).
    /// </summary>
    public async ValueTask<CompiledWorkflow> GetCompiledAsync(string definitionId, int? version = null, CancellationToken ct = default)
    {
        var v = version ?? await LatestPublishedAsync(definitionId, ct);
        if (_compiled.TryGetValue((definitionId, v), out var cached)) return cached;
        var record = await GetRecordAsync(definitionId, v, ct);
        if (record is not { IsPublished: true }) throw new DefinitionNotFoundException(definitionId, v, record is not null);
        var result = compiler.Compile(Parse(record));
        if (!result.IsValid) throw new DefinitionInvalidException(definitionId, result.Problems);
        return _compiled.GetOrAdd((definitionId, v), result.Workflow!);
    }

    private async ValueTask<int> LatestPublishedAsync(string definitionId, CancellationToken ct)
    {
        if (_latest.TryGetValue(definitionId, out var hit) && hit.Until > clock.GetUtcNow()) return hit.Version;
        await using var db = dbFactory.CreateDbContext();
        var latest = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .Where(v => v.DefinitionId == definitionId && v.IsLatestPublished).Select(v => (int?)v.Version).FirstOrDefaultAsync(ct)
            ?? throw new DefinitionNotFoundException(definitionId, null);
        _latest[definitionId] = (latest, clock.GetUtcNow() + LatestCacheDuration);
        return latest;
    }

    private async Task MarkPublishedAsync(DbContext db, WorkflowDefinitionRecord record, WorkflowDefinition definition,
        string? publishedBy, CancellationToken ct)
    {
        var previous = await db.Set<WorkflowDefinitionRecord>()
            .Where(v => v.DefinitionId == record.DefinitionId && v.IsLatestPublished).ToListAsync(ct);
        foreach (var p in previous.Where(p => p.Version < record.Version)) p.IsLatestPublished = false;
        var newest = previous.All(p => p.Version < record.Version);
        record.IsPublished = true;
        record.IsLatestPublished = newest;
        record.PublishedAt = clock.GetUtcNow();
        record.PublishedBy = publishedBy;
        if (!newest) return;
        await db.Set<WorkflowTriggerRecord>().Where(t => t.DefinitionId == record.DefinitionId).ExecuteDeleteAsync(ct);
        foreach (var trigger in definition.Triggers.Select(t => t.Event).Distinct())
            db.Add(new WorkflowTriggerRecord { EventName = trigger, DefinitionId = record.DefinitionId, Version = record.Version });
    }

    private static void Fill(WorkflowDefinitionRecord record, WorkflowDefinition definition, DateTimeOffset now, string? by)
    {
        record.Name = definition.Name;
        record.Description = definition.Description;
        record.Json = DefinitionJson.Serialize(definition);
        record.ContentHash = Hash(definition);
        record.SavedAt = now;
        record.SavedBy = by;
    }

    private static async Task SaveAsync(DbContext db, CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException ex)
        {
            throw new DefinitionConflictException("Someone else changed this workflow at the same moment; reload it and try again.", ex);
        }
    }

    private static WorkflowDefinition Parse(WorkflowDefinitionRecord record) =>
        DefinitionJson.Parse(record.Json).Definition! with { Version = record.Version };

    // The hash ignores the version so that re-importing an unchanged file is a no-op.
    private static string Hash(WorkflowDefinition definition) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(DefinitionJson.Serialize(definition with { Version = 0 }))));
}

/// <summary>Result of saving a draft: where it went and what is still wrong with it.</summary>
public sealed record SaveResult(string DefinitionId, int Version, int Revision, IReadOnlyList<ValidationProblem> Problems);

/// <summary>A stored version, its definition and what is wrong with it (nothing when valid).</summary>
public sealed record DefinitionVersion(WorkflowDefinitionRecord Record, WorkflowDefinition Definition, IReadOnlyList<ValidationProblem> Problems)
{
    /// <summary>Passes validation: a draft that may be published.</summary>
    public bool IsValid => Problems.Count == 0;
}

/// <summary>Result of publishing.</summary>
public sealed record PublishResult(string DefinitionId, int Version, bool Created);

/// <summary>One row of the definition list.</summary>
public sealed record DefinitionSummary(string DefinitionId, string Name, string? Description, int LatestVersion,
    int? PublishedVersion, DateTimeOffset SavedAt);

/// <summary>A definition failed validation.</summary>
public sealed class DefinitionInvalidException(string definitionId, IReadOnlyList<ValidationProblem> problems)
    : Exception($"Definition '{definitionId}' is invalid: " + string.Join("; ", problems))
{
    /// <summary>Every problem, with its JSON path.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;
}

/// <summary>No such definition or version (or the version is a draft where a published one is needed).</summary>
public sealed class DefinitionNotFoundException(string definitionId, int? version, bool isDraft = false)
    : Exception(isDraft ? $"Version {version} of workflow '{definitionId}' is a draft; publish it first."
        : version is null ? $"No published workflow '{definitionId}'." : $"Workflow '{definitionId}' has no version {version}.");

/// <summary>A save, publish or delete collided with someone else's change or with the version's state.</summary>
public sealed class DefinitionConflictException(string message, Exception? inner = null) : Exception(message, inner);
