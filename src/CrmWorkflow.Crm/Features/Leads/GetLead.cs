using System.Linq.Expressions;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>A lead as its reader sees it, with the routing explanation.</summary>
public sealed record LeadView(long Id, string PersonName, string? CompanyName, string? Email, string? Phone, string Region, string Industry,
    int Size, string Source, string? ProductInterest, decimal EstimatedValue, int Score, string Status, string? ManagerId, string? ManagerName,
    string? Queue, DateTimeOffset? AssignedAt, DateTimeOffset? FirstContactDueAt, DateTimeOffset? ContactedAt, int RoutingAttempts,
    DateTimeOffset CreatedAt, StoredJson? Explanation);

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
        return await View(db, access.Filter(db.Leads.AsNoTracking().Where(l => l.Id == id)), withExplanation: true).FirstOrDefaultAsync(ct);
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
        var rows = await View(db, query.OrderByDescending(l => l.Id).Skip((page - 1) * pageSize).Take(pageSize), withExplanation: false).ToListAsync(ct);
        return (rows, total);
    }

    /// <summary>
    /// A lead as stored, in the reader's shape: <paramref name="lead"/> must hold what the
    /// database holds (e.g. tracked and saved), <paramref name="managerName"/> is its manager's name.
    /// </summary>
    public static LeadView ToView(Lead lead, string? managerName) =>
        FromRow(new LeadRow { Lead = lead, ManagerName = managerName, Explanation = lead.RoutingExplanation });

    // The one field list, used both as SQL (the database reads only these columns; the list
    // leaves the explanation out) and compiled for a lead already in memory.
    private static readonly Expression<Func<LeadRow, LeadView>> Map = r => new LeadView(r.Lead.Id, r.Lead.PersonName, r.Lead.CompanyName,
        r.Lead.Email, r.Lead.Phone, r.Lead.Region, r.Lead.Industry, r.Lead.Size, r.Lead.SourceChannel.ToString(), r.Lead.ProductInterest,
        r.Lead.EstimatedValue, r.Lead.Score, r.Lead.Status.ToString(), r.Lead.AssignedManagerId, r.ManagerName, r.Lead.Queue,
        r.Lead.AssignedAt, r.Lead.FirstContactDueAt, r.Lead.ContactedAt, r.Lead.RoutingAttempts, r.Lead.CreatedAt, StoredJson.From(r.Explanation));

    private static readonly Func<LeadRow, LeadView> FromRow = Map.Compile();

    private static IQueryable<LeadView> View(CrmDbContext db, IQueryable<Lead> leads, bool withExplanation)
    {
        var rows = from l in leads
                   join m in db.ClientManagers on l.AssignedManagerId equals m.Id into managers
                   from m in managers.DefaultIfEmpty()
                   select new LeadRow { Lead = l, ManagerName = m == null ? null : m.Name, Explanation = l.RoutingExplanation };
        // A page of leads does not read the explanations (a few KB each).
        if (!withExplanation) rows = rows.Select(r => new LeadRow { Lead = r.Lead, ManagerName = r.ManagerName });
        return rows.Select(Map);
    }


    private sealed class LeadRow
    {
        public required Lead Lead { get; init; }
        public string? ManagerName { get; init; }
        public string? Explanation { get; init; }
    }
}
