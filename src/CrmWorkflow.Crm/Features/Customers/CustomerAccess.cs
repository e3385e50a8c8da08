using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Customers;

/// <summary>Whose customers a reader may see: a client manager only the ones they serve.</summary>
public sealed record CustomerAccess(string? OnlyManagerId)
{
    /// <summary>Sees every customer (admins, analysts, consultants).</summary>
    public static CustomerAccess All => new((string?)null);

    /// <summary>Sees the customers a client manager serves, as primary or current backup.</summary>
    public static CustomerAccess ServedBy(string managerId) => new(managerId);

    internal IQueryable<Customer> Filter(CrmDbContext db, IQueryable<Customer> customers) => OnlyManagerId is not { } id
        ? customers
        : customers.Where(c => c.ManagerId == id
                               || db.AccountAssignments.Any(a => a.CustomerId == c.Id && a.ManagerId == id && a.To == null));
}
