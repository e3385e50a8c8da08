using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>A lead as its reader sees it, with the routing explanation.</summary>
public sealed record LeadView(long Id, string PersonName, string? CompanyName, string? Email, string? Phone, string Region, string Industry,
    int Size, string Source, string? ProductInterest, decimal EstimatedValue, int Score, string Status, string? ManagerId, string? ManagerName,
    string? Queue, DateTimeOffset? AssignedAt, DateTimeOffset? FirstContactDueAt, DateTimeOffset? ContactedAt, int RoutingAttempts,
    DateTimeOffset CreatedAt, JsonNode? Explanation);

/// <summary>Who may read leads: a client manager only the leads assigned to them.</summary>
public sealed record LeadAccess(string? OnlyManagerId)
{
    public static LeadAccess All => new((string?)null);

    internal IQueryable<Lead> Filter(IQueryable<Lead> leads) => OnlyManagerId is { } id ? leads.Where(l => l.AssignedManagerId == id) : leads;
}

/// <summary>Filters for the lead list.</summary>
public sealed record LeadFilter(string? ManagerId = null, string? Queue = null, LeadStatus? Status = null);

/// <summary>Reads one lead, or a page of them.</summary>
public sealed class GetLeadHandler(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<LeadView?> GetAsync(long id, LeadAccess access, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var row = await View(db, access.Filter(db.Leads.AsNoTracking().Where(l => l.Id == id))).FirstOrDefaultAsync(ct);
        return row is null ? null : row.View with { Explanation = row.Explanation is null ? null : JsonNode.Parse(row.Explanation) };
    }

    public async Task<(IReadOnlyList<LeadView> Items, int Total)> ListAsync(LeadFilter filter, LeadAccess access, int page, int pageSize,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = access.Filter(db.Leads.AsNoTracking());
        if (filter.ManagerId is { } m) query = query.Where(l => l.AssignedManagerId == m);
        if (filter.Queue is { } q) query = query.Where(l => l.Queue == q);
        if (filter.Status is { } s) query = query.Where(l => l.Status == s);
        var total = await query.CountAsync(ct);
        var rows = await View(db, query.OrderByDescending(l => l.Id).Skip((page - 1) * pageSize).Take(pageSize)).ToListAsync(ct);
        return (rows.Select(r => r.View).ToList(), total);
    }

    private static IQueryable<Row> View(CrmDbContext db, IQueryable<Lead> leads) =>
        from l in leads
        join m in db.ClientManagers on l.AssignedManagerId equals m.Id into managers
        from m in managers.DefaultIfEmpty()
        select new Row(new LeadView(l.Id, l.PersonName, l.CompanyName, l.Email, l.Phone, l.Region, l.Industry, l.Size,
            l.SourceChannel.ToString(), l.ProductInterest, l.EstimatedValue, l.Score, l.Status.ToString(), l.AssignedManagerId,
            m == null ? null : m.Name, l.Queue, l.AssignedAt, l.FirstContactDueAt, l.ContactedAt, l.RoutingAttempts, l.CreatedAt, null),
            l.RoutingExplanation);

    private sealed record Row(LeadView View, string? Explanation);
}
