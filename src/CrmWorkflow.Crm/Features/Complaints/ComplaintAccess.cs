using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>Which complaints a reader may see and act on.</summary>
public static class ComplaintAccess
{
    /// <summary>
    /// Everything for readers who see every customer; for a client manager the complaints of the
    /// customers they serve and the ones assigned to them (e.g. after an escalation).
    /// </summary>
    public static IQueryable<Complaint> Visible(CrmDbContext db, CustomerAccess access)
    {
        if (access.OnlyManagerId is not { } managerId) return db.Complaints;
        var customers = access.Filter(db, db.Customers);
        return db.Complaints.Where(c => c.AssigneeId == managerId || customers.Any(cu => cu.Id == c.CustomerId));
    }

    /// <summary>The complaint as the API shows it now, or null when it is not visible.</summary>
    public static async Task<ComplaintView?> ViewAsync(CrmDbContext db, CustomerAccess access, long id, DateTimeOffset now, CancellationToken ct)
    {
        var row = await Visible(db, access).AsNoTracking().Where(c => c.Id == id)
            .Select(c => new { Complaint = c, Customer = db.Customers.Where(cu => cu.Id == c.CustomerId).Select(cu => cu.Name).FirstOrDefault() })
            .FirstOrDefaultAsync(ct);
        return row is null ? null : ComplaintView.From(row.Complaint, row.Customer ?? "", now);
    }
}
