using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>Whose manager cards a reader may see: a client manager only their own.</summary>
public sealed record ManagerAccess(string? OnlyManagerId)
{
    /// <summary>Sees every manager (admins, analysts, consultants).</summary>
    public static ManagerAccess All => new((string?)null);

    /// <summary>Sees one manager's card: the signed-in client manager's own.</summary>
    public static ManagerAccess Own(string managerId) => new(managerId);
}

/// <summary>Filters for the manager list: text in the id, name, region or team; deactivated managers too or not.</summary>
public sealed record ManagerFilter(string? Search = null, bool IncludeInactive = true);

/// <summary>
/// A client manager with their load counted from the data (accounts they serve as primary,
/// open leads assigned to them) and their current or next absence.
/// </summary>
/// <param name="Accounts">Customers served as primary manager; measured against <paramref name="KeyAccountCapacity"/>, as account assignment does.</param>
/// <param name="KeyAccounts">Of those, the ones segmentation flags as key accounts.</param>
public sealed record ManagerCard(string Id, string Name, string? Email, string Regions, string Industries, string Skills, string Languages,
    string Seniority, int LeadCapacity, int OpenLeads, int KeyAccountCapacity, int Accounts, int KeyAccounts, bool IsActive,
    DateTimeOffset? DeactivatedAt, string? Team, string? SupervisorId, DateTimeOffset? AwayFrom, DateTimeOffset? AwayTo, string? AwayReason);

/// <summary>Lists client managers with their load (the managers page and <c>GET /api/managers</c>).</summary>
public sealed class ListManagersHandler(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{

    /// <summary>Managers by id; <paramref name="take"/> null for all.</summary>
    public async Task<Page<ManagerCard>> ListAsync(ManagerFilter filter, ManagerAccess access, int skip = 0, int? take = null, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var managers = db.ClientManagers.AsNoTracking();
        if (access.OnlyManagerId is { } own) managers = managers.Where(m => m.Id == own);
        if (!filter.IncludeInactive) managers = managers.Where(m => m.IsActive);
        if (!string.IsNullOrWhiteSpace(filter.Search))
        {
            var text = filter.Search.Trim();
            managers = managers.Where(m => m.Id.Contains(text) || m.Name.Contains(text) || m.Regions.Contains(text) || (m.Team != null && m.Team.Contains(text)));
        }
        var total = await managers.CountAsync(ct);
        var page = managers.OrderBy(m => m.Id).Skip(Math.Max(0, skip));
        if (take is { } t) page = page.Take(Math.Clamp(t, 1, 1000));
        var now = clock.GetUtcNow();
        var rows = await page.Select(m => new
        {
            Manager = m,
            Accounts = db.Customers.Count(c => c.ManagerId == m.Id),
            KeyAccounts = db.Customers.Count(c => c.ManagerId == m.Id && c.IsKeyAccount),
            OpenLeads = db.Leads.Count(l => l.AssignedManagerId == m.Id && Lead.OpenStatuses.Contains(l.Status)),
        }).ToListAsync(ct);
        var ids = rows.Select(r => r.Manager.Id).ToList();
        // SQLite cannot order by DateTimeOffset in SQL: the few absences not over yet are sorted here.
        var absences = (await db.OutOfOffice.AsNoTracking().Where(o => ids.Contains(o.ManagerId) && o.To > now).ToListAsync(ct))
            .GroupBy(o => o.ManagerId).ToDictionary(g => g.Key, g => g.MinBy(o => o.From)!);
        var cards = rows.Select(r =>
        {
            var m = r.Manager;
            var away = absences.GetValueOrDefault(m.Id);
            return new ManagerCard(m.Id, m.Name, m.Email, m.Regions, m.Industries, m.Skills, m.Languages, m.Seniority.ToString(), m.LeadCapacity,
                r.OpenLeads, m.KeyAccountCapacity, r.Accounts, r.KeyAccounts, m.IsActive, m.DeactivatedAt, m.Team, m.SupervisorId,
                away?.From, away?.To, away?.Reason);
        }).ToList();
        return new Page<ManagerCard>(cards, total, take is { } size ? skip / Math.Max(1, size) + 1 : 1, take ?? total);
    }

    /// <summary>One manager's card, or null when there is none the reader may see.</summary>
    public async Task<ManagerCard?> GetAsync(string id, ManagerAccess access, CancellationToken ct = default)
    {
        if (access.OnlyManagerId is { } own && own != id) return null;
        var page = await ListAsync(new ManagerFilter(), ManagerAccess.Own(id), 0, 1, ct);
        return page.Items.FirstOrDefault();
    }
}
