using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>One line of the complaints list.</summary>
public sealed record ComplaintRow(long Id, string CustomerName, string Category, string Severity, string Status, string Priority,
    int EscalationLevel, DateTimeOffset OpenedAt, DateTimeOffset? ResolutionDueAt, string SlaState);

/// <summary>Complaints a reader may see, open ones first by due time, then the rest newest first.</summary>
public sealed class ListComplaintsHandler(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    public async Task<(IReadOnlyList<ComplaintRow> Items, int Total)> HandleAsync(CustomerAccess access, bool openOnly, int skip, int take,
        CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = ComplaintAccess.Visible(db, access).AsNoTracking();
        if (openOnly) query = query.Where(c => c.Status != ComplaintStatus.Resolved && c.Status != ComplaintStatus.Closed);
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(c => c.Status == ComplaintStatus.Resolved || c.Status == ComplaintStatus.Closed)
            .ThenBy(c => c.ResolutionDueAt == null).ThenBy(c => c.ResolutionDueAt).ThenByDescending(c => c.Id)
            .Skip(skip).Take(take)
            .Select(c => new { Complaint = c, Customer = db.Customers.Where(cu => cu.Id == c.CustomerId).Select(cu => cu.Name).FirstOrDefault() })
            .ToListAsync(ct);
        var now = clock.GetUtcNow();
        return (rows.Select(r =>
        {
            var view = ComplaintView.From(r.Complaint, r.Customer ?? "", now);
            return new ComplaintRow(view.Id, view.CustomerName, view.Category, view.Severity, view.Status, view.Priority, view.EscalationLevel,
                view.OpenedAt, view.Sla.ResolutionDueAt, view.Sla.State);
        }).ToList(), total);
    }
}
