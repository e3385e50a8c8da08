using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>Who may work on a complaint now.</summary>
public static class ComplaintAssignees
{
    /// <summary>Active and not out of office at <paramref name="now"/>.</summary>
    public static async Task<bool> IsAvailableAsync(CrmDbContext db, ClientManager manager, DateTimeOffset now, CancellationToken ct = default) =>
        manager.IsActive && !await db.OutOfOffice.AnyAsync(o => o.ManagerId == manager.Id && o.From <= now && o.To > now, ct);

    /// <summary>
    /// The senior or principal manager to take an escalated complaint: active, not out of office,
    /// serving the customer's region if any such manager exists, then the one with the fewest
    /// open complaints (ties by id, so the choice is repeatable). Null when nobody qualifies.
    /// </summary>
    public static async Task<ClientManager?> PickSeniorAsync(CrmDbContext db, Customer customer, string? exceptId, DateTimeOffset now,
        CancellationToken ct = default)
    {
        var candidates = await db.ClientManagers
            .Where(m => m.IsActive && (m.Seniority == Seniority.Senior || m.Seniority == Seniority.Principal) && m.Id != exceptId)
            .Where(m => !db.OutOfOffice.Any(o => o.ManagerId == m.Id && o.From <= now && o.To > now))
            .Select(m => new
            {
                Manager = m,
                Open = db.Complaints.Count(c => c.AssigneeId == m.Id && c.Status != ComplaintStatus.Resolved && c.Status != ComplaintStatus.Closed),
            })
            .ToListAsync(ct);
        return candidates
            .OrderByDescending(x => Serves(x.Manager, customer.Region))
            .ThenBy(x => x.Open)
            .ThenBy(x => x.Manager.Id, StringComparer.Ordinal)
            .Select(x => x.Manager)
            .FirstOrDefault();
    }

    private static bool Serves(ClientManager m, string region) =>
        region.Length > 0 && m.Regions.Split(',', StringSplitOptions.TrimEntries).Contains(region, StringComparer.OrdinalIgnoreCase);
}
