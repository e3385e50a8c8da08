using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>A page of results with the total count.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, int Total, int PageNumber, int PageSize)
{
    /// <summary>True when counting stopped at <see cref="Total"/>: at least that many match.</summary>
    public bool TotalIsLowerBound { get; init; }
}

/// <summary>Filters for listing instances.</summary>
public sealed record InstanceFilter(string? DefinitionId = null, WorkflowStatus? Status = null, string? CorrelationId = null);

/// <summary>Read side of the engine tables, for the API and UI.</summary>
public sealed partial class WorkflowQueries(IWorkflowDbContextFactory dbFactory)
{
    /// <summary>Instances, newest first.</summary>
    public async Task<Page<WorkflowInstanceRecord>> ListInstancesAsync(InstanceFilter filter, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var query = db.Set<WorkflowInstanceRecord>().AsNoTracking();
        if (filter.DefinitionId is { } d) query = query.Where(i => i.DefinitionId == d);
        if (filter.Status is { } s) query = query.Where(i => i.Status == s);
        if (filter.CorrelationId is { } c) query = query.Where(i => i.CorrelationId == c);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(i => i.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return new Page<WorkflowInstanceRecord>(items, total, page, pageSize);
    }

    /// <summary>
    /// Instances still at work (running or waiting) per definition and version; one definition's
    /// when <paramref name="definitionId"/> is given. Ended and faulted ones are not counted.
    /// </summary>
    public async Task<IReadOnlyDictionary<(string DefinitionId, int Version), int>> CountActiveAsync(string? definitionId = null, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var query = db.Set<WorkflowInstanceRecord>().AsNoTracking().Where(i => i.Status == WorkflowStatus.Running || i.Status == WorkflowStatus.Suspended);
        if (definitionId is not null) query = query.Where(i => i.DefinitionId == definitionId);
        var rows = await query.GroupBy(i => new { i.DefinitionId, i.Version }).Select(g => new { g.Key.DefinitionId, g.Key.Version, Count = g.Count() })
            .ToListAsync(ct);
        return rows.ToDictionary(r => (r.DefinitionId, r.Version), r => r.Count);
    }

    /// <summary>One instance row, or null.</summary>
    public async Task<WorkflowInstanceRecord?> GetInstanceAsync(string id, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        return await db.Set<WorkflowInstanceRecord>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, ct);
    }

    /// <summary>An instance's journal in order.</summary>
    public async Task<IReadOnlyList<JournalRecord>> JournalAsync(string instanceId, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        return await db.Set<JournalRecord>().AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Sequence).ToListAsync(ct);
    }

    /// <summary>An instance's incidents, newest first.</summary>
    public async Task<IReadOnlyList<IncidentRecord>> IncidentsAsync(string instanceId, CancellationToken ct = default)
    {
        await using var db = dbFactory.CreateDbContext();
        var rows = await db.Set<IncidentRecord>().AsNoTracking().Where(i => i.InstanceId == instanceId).ToListAsync(ct);
        return rows.OrderByDescending(i => i.At).ToList();
    }
}
