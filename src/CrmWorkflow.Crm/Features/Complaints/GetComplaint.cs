using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>One complaint with where it stands against its SLA; null when it does not exist or the reader may not see it.</summary>
public sealed class GetComplaintHandler(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    public async Task<ComplaintView?> HandleAsync(long id, CustomerAccess access, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await ComplaintAccess.ViewAsync(db, access, id, clock.GetUtcNow(), ct);
    }
}
