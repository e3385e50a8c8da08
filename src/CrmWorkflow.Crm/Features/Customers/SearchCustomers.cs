using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Customers;

/// <summary>
/// Customer search: name prefix, region, industry, tier, key accounts, manager; paged. <see cref="Text"/>
/// is what a person types in one box: a customer number, an email (prefix) or a name prefix.
/// </summary>
public sealed record SearchCustomers(string? Name, string? Region, string? Industry, CustomerTier? Tier, bool? KeyAccount,
    string? ManagerId, int Page = 1, int PageSize = 25, string? Text = null)
{
    /// <summary>Problems with the query, by parameter name.</summary>
    public IReadOnlyList<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (Page < 1) problems.Add(new("page", "page starts at 1."));
        if (PageSize is < 1 or > 200) problems.Add(new("pageSize", "pageSize must be between 1 and 200."));
        if (Name is { Length: > 200 }) problems.Add(new("name", "Search text is at most 200 characters."));
        if (Text is { Length: > 200 }) problems.Add(new("q", "Search text is at most 200 characters."));
        return problems;
    }
}

/// <summary>One row of the search result.</summary>
public sealed record CustomerRow(long Id, string Name, string Kind, string Region, string Industry, string Tier, bool KeyAccount,
    string? ManagerId, string? Segment, int? ChurnRisk, string? ManagerName = null);

/// <summary>Runs <see cref="SearchCustomers"/>.</summary>
public sealed class SearchCustomersHandler(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<Page<CustomerRow>> HandleAsync(SearchCustomers query, CustomerAccess access, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var customers = access.Filter(db, db.Customers.AsNoTracking());
        // A name prefix uses the name index, which matters at a million customers.
        if (!string.IsNullOrWhiteSpace(query.Name)) customers = customers.Where(c => c.Name.StartsWith(query.Name.Trim()));
        if (query.Text?.Trim() is { Length: > 0 } text) customers = Matching(customers, text);
        if (query.Region is { } region) customers = customers.Where(c => c.Region == region);
        if (query.Industry is { } industry) customers = customers.Where(c => c.Industry == industry);
        if (query.Tier is { } tier) customers = customers.Where(c => c.Tier == tier);
        if (query.KeyAccount is { } key) customers = customers.Where(c => c.IsKeyAccount == key);
        if (query.ManagerId is { } manager) customers = customers.Where(c => c.ManagerId == manager);
        var total = await customers.CountAsync(ct);
        var rows = await customers.OrderBy(c => c.Name).ThenBy(c => c.Id)
            .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
            .Select(c => new
            {
                c.Id, c.Name, c.Kind, c.Region, c.Industry, c.Tier, c.IsKeyAccount, c.ManagerId,
                ManagerName = db.ClientManagers.Where(m => m.Id == c.ManagerId).Select(m => m.Name).FirstOrDefault(),
                Score = db.CustomerScores.Where(s => s.CustomerId == c.Id).Select(s => new { s.Segment, s.ChurnRisk }).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return new Page<CustomerRow>(rows.Select(r => new CustomerRow(r.Id, r.Name, r.Kind.ToString(), r.Region, r.Industry, r.Tier.ToString(),
            r.IsKeyAccount, r.ManagerId, r.Score?.Segment, r.Score?.ChurnRisk, r.ManagerName)).ToList(), total, query.Page, query.PageSize);
    }

    // Each form of the search box stays on an index (primary key, email, name) at a million customers.
    private static IQueryable<Customer> Matching(IQueryable<Customer> customers, string text)
    {
        if (long.TryParse(text.TrimStart('#'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
            return customers.Where(c => c.Id == number);
        if (text.Contains('@')) return customers.Where(c => c.Email != null && c.Email.StartsWith(text));
        return customers.Where(c => c.Name.StartsWith(text));
    }
}
