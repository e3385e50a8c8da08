using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>
/// The load counters routing and account assignment read instead of counting every time
/// (open leads against lead capacity; dedicated accounts against key-account capacity),
/// recomputed from the records. Steps keep them current as they assign; this is for data
/// that arrives in bulk (generated or imported) and never went through those steps.
/// </summary>
public static class ManagerCounters
{
    public static Task RecountAsync(CrmDbContext db, CancellationToken ct = default) =>
        db.ClientManagers.ExecuteUpdateAsync(u => u
            .SetProperty(m => m.OpenLeads, m => db.Leads.Count(l => l.AssignedManagerId == m.Id && Lead.OpenStatuses.Contains(l.Status)))
            // Dedicated accounts: what the shipped client-manager workflow assigns (Gold, Diamond or key account).
            .SetProperty(m => m.KeyAccounts, m => db.Customers.Count(c => c.ManagerId == m.Id
                && (c.IsKeyAccount || c.Tier == CustomerTier.Gold || c.Tier == CustomerTier.Diamond))), ct);
}
