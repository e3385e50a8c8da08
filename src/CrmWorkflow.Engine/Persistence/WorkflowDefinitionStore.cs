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
/// Stores every version of every definition. Publishing validates first; an unchanged
/// document does not make a new version. Compiled versions are cached for good (a stored
/// version never changes).
/// </summary>
public sealed class WorkflowDefinitionStore(IWorkflowDbContextFactory dbFactory, WorkflowCompiler compiler, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string, int), CompiledWorkflow> _compiled = new();
    private readonly ConcurrentDictionary<string, (int Version, DateTimeOffset Until)> _latest = new();

    /// <summary>How long a host trusts its cached "latest version" (other hosts may publish).</summary>
    public TimeSpan LatestCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Validates and stores a definition as the next version, unless it equals the latest one.
    /// Throws <see cref="DefinitionInvalidException"/> listing every problem.
    /// </summary>
    public async Task<PublishResult> PublishAsync(WorkflowDefinition definition, string? publishedBy = null, CancellationToken ct = default)
    {
        var problems = compiler.Validate(definition with { Version = 1 });
        if (problems.Count > 0) throw new DefinitionInvalidException(definition.DefinitionId, problems);
        var hash = Hash(definition);
        for (var attempt = 1; ; attempt++)
        {
            await using var db = dbFactory.CreateDbContext();
            var versions = db.Set<WorkflowDefinitionRecord>();
            var latest = await versions.Where(v => v.DefinitionId == definition.DefinitionId && v.IsLatest).FirstOrDefaultAsync(ct);
            if (latest?.ContentHash == hash) return new PublishResult(definition.DefinitionId, latest.Version, false);
            var next = (latest?.Version ?? 0) + 1;
            var stored = definition with { Version = next };
            if (latest is not null) latest.IsLatest = false;
            versions.Add(new WorkflowDefinitionRecord
            {
                DefinitionId = stored.DefinitionId,
                Version = next,
                Name = stored.Name,
                Description = stored.Description,
                Json = DefinitionJson.Serialize(stored),
                ContentHash = hash,
                IsLatest = true,
                PublishedAt = clock.GetUtcNow(),
                PublishedBy = publishedBy,
            });
            await db.Set<WorkflowTriggerRecord>().Where(t => t.DefinitionId == definition.DefinitionId).ExecuteDeleteAsync(ct);
            foreach (var trigger in stored.Triggers.Select(t => t.Event).Distinct())
                db.Add(new WorkflowTriggerRecord { EventName = trigger, DefinitionId = stored.DefinitionId, Version = next });
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException) when (attempt < 5)
            {
                continue; // another host published the same id at the same moment; look again
            }
            _latest[definition.DefinitionId] = (next, clock.GetUtcNow() + LatestCacheDuration);
            return new PublishResult(definition.DefinitionId, next, true);
        }
    }

    /// <summary>A version of a definition (the latest when <paramref name="version"/> is null).</summary>
    public async Task<WorkflowDefinition?> GetAsync(string definitionId, int? version = null, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var query = db.Set<WorkflowDefinitionRecord>().AsNoTracking().Where(v => v.DefinitionId == definitionId);
        query = version is { } v ? query.Where(r => r.Version == v) : query.Where(r => r.IsLatest);
        var record = await query.FirstOrDefaultAsync(ct);
        return record is null ? null : DefinitionJson.Parse(record.Json).Definition;
    }

    /// <summary>The latest version of every definition.</summary>
    public async Task<IReadOnlyList<WorkflowDefinitionRecord>> ListLatestAsync(CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        return await db.Set<WorkflowDefinitionRecord>().AsNoTracking().Where(v => v.IsLatest)
            .OrderBy(v => v.DefinitionId).ToListAsync(ct);
    }

    /// <summary>The compiled version, from cache. Throws <see cref="DefinitionNotFoundException"/>.</summary>
    public async ValueTask<CompiledWorkflow> GetCompiledAsync(string definitionId, int? version = null, CancellationToken ct = default)
    {
        var v = version ?? await LatestVersionAsync(definitionId, ct);
        if (_compiled.TryGetValue((definitionId, v), out var cached)) return cached;
        var definition = await GetAsync(definitionId, v, ct) ?? throw new DefinitionNotFoundException(definitionId, v);
        var result = compiler.Compile(definition);
        if (!result.IsValid)
            throw new DefinitionInvalidException(definitionId, result.Problems);
        return _compiled.GetOrAdd((definitionId, v), result.Workflow!);
    }

    private async ValueTask<int> LatestVersionAsync(string definitionId, CancellationToken ct)
    {
        if (_latest.TryGetValue(definitionId, out var hit) && hit.Until > clock.GetUtcNow()) return hit.Version;
        await using var db = dbFactory.CreateDbContext();
        var latest = await db.Set<WorkflowDefinitionRecord>().AsNoTracking()
            .Where(v => v.DefinitionId == definitionId && v.IsLatest).Select(v => (int?)v.Version).FirstOrDefaultAsync(ct)
            ?? throw new DefinitionNotFoundException(definitionId, null);
        _latest[definitionId] = (latest, clock.GetUtcNow() + LatestCacheDuration);
        return latest;
    }

    // The hash ignores the version so that re-importing an unchanged file is a no-op.
    private static string Hash(WorkflowDefinition definition) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(DefinitionJson.Serialize(definition with { Version = 0 }))));
}

/// <summary>Result of publishing.</summary>
public sealed record PublishResult(string DefinitionId, int Version, bool Created);

/// <summary>A definition failed validation.</summary>
public sealed class DefinitionInvalidException(string definitionId, IReadOnlyList<ValidationProblem> problems)
    : Exception($"Definition '{definitionId}' is invalid: " + string.Join("; ", problems))
{
    /// <summary>Every problem, with its JSON path.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;
}

/// <summary>No such definition or version.</summary>
public sealed class DefinitionNotFoundException(string definitionId, int? version)
    : Exception(version is null ? $"No published workflow '{definitionId}'." : $"Workflow '{definitionId}' has no version {version}.");
