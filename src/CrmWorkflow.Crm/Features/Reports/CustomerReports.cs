using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Customers;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Reports;

/// <summary>A report: a title, its columns and rows.</summary>
public sealed record Report(string Name, string Title, IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows);

/// <summary>
/// The methodology's phase-one reports ("identify customers"): profile, purchase channels,
/// most profitable products, contact frequency and response, cost to serve per channel,
/// churn, campaign response and acquisition cost. Computed in the database with GROUP BY.
/// </summary>
public sealed class CustomerReports(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Report names and titles.</summary>
    public static readonly IReadOnlyDictionary<string, string> Catalogue = new Dictionary<string, string>
    {
        ["profile"] = "Customers by region, kind and tier",
        ["purchase-channels"] = "Orders and revenue by channel, last 12 months",
        ["profitable-products"] = "Most profitable products, last 12 months",
        ["contact-frequency"] = "Contacts and response rate by channel, last 12 months",
        ["cost-to-serve"] = "Cost to serve per channel, last 12 months",
        ["churn"] = "Customers by lifecycle and churn-risk band",
        ["campaign-response"] = "Campaign response rate",
        ["acquisition"] = "Leads, conversion and acquisition cost by source channel",
    };

    /// <summary>Runs a report; null for an unknown name.</summary>
    public async Task<Report?> RunAsync(string name, CustomerAccess access, CancellationToken ct = default)
    {
        if (!Catalogue.TryGetValue(name, out var title)) return null;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var since = clock.GetUtcNow().AddYears(-1);
        var customers = access.Filter(db, db.Customers.AsNoTracking());
        var ids = customers.Select(c => c.Id);
        (string[] Columns, List<object?[]> Rows) result = name switch
        {
            "profile" => (["region", "kind", "tier", "customers", "keyAccounts"],
                (await customers.GroupBy(c => new { c.Region, c.Kind, c.Tier })
                    .Select(g => new { g.Key.Region, g.Key.Kind, g.Key.Tier, Count = g.Count(), Key = g.Count(c => c.IsKeyAccount) })
                    .OrderBy(r => r.Region).ThenBy(r => r.Kind).ThenBy(r => r.Tier).ToListAsync(ct))
                .Select(r => new object?[] { r.Region, r.Kind.ToString(), r.Tier.ToString(), r.Count, r.Key }).ToList()),
            "purchase-channels" => (["channel", "orders", "revenue", "margin"],
                (await db.Orders.AsNoTracking().Where(o => o.OrderedAt >= since && ids.Contains(o.CustomerId))
                    .GroupBy(o => o.Channel).Select(g => new { g.Key, Orders = g.Count(), Revenue = g.Sum(o => o.Amount), Margin = g.Sum(o => o.Margin) })
                    .ToListAsync(ct)).OrderByDescending(r => r.Revenue)
                .Select(r => new object?[] { r.Key.ToString(), r.Orders, decimal.Round(r.Revenue, 2), decimal.Round(r.Margin, 2) }).ToList()),
            "profitable-products" => (["product", "category", "quantity", "margin"],
                (await (from l in db.OrderLines.AsNoTracking()
                        join o in db.Orders.AsNoTracking() on l.OrderId equals o.Id
                        join p in db.Products.AsNoTracking() on l.ProductId equals p.Id
                        where o.OrderedAt >= since && ids.Contains(o.CustomerId)
                        group new { l.Quantity, l.Margin } by new { p.Name, p.Category } into g
                        select new { g.Key.Name, g.Key.Category, Quantity = g.Sum(x => x.Quantity), Margin = g.Sum(x => x.Margin) })
                    .ToListAsync(ct)).OrderByDescending(r => r.Margin).Take(20)
                .Select(r => new object?[] { r.Name, r.Category, r.Quantity, decimal.Round(r.Margin, 2) }).ToList()),
            "contact-frequency" => (["channel", "contacts", "customersContacted", "responseRate"],
                (await db.Interactions.AsNoTracking().Where(i => i.At >= since && ids.Contains(i.CustomerId))
                    .GroupBy(i => i.Channel).Select(g => new { g.Key, Count = g.Count(), Customers = g.Select(i => i.CustomerId).Distinct().Count(), Responded = g.Count(i => i.Responded) })
                    .ToListAsync(ct)).OrderByDescending(r => r.Count)
                .Select(r => new object?[] { r.Key.ToString(), r.Count, r.Customers, Rate(r.Responded, r.Count) }).ToList()),
            "cost-to-serve" => (["channel", "contacts", "cost", "costPerContact", "costPerCustomer"],
                (await db.Interactions.AsNoTracking().Where(i => i.At >= since && ids.Contains(i.CustomerId))
                    .GroupBy(i => i.Channel).Select(g => new { g.Key, Count = g.Count(), Cost = g.Sum(i => i.Cost), Customers = g.Select(i => i.CustomerId).Distinct().Count() })
                    .ToListAsync(ct)).OrderByDescending(r => r.Cost)
                .Select(r => new object?[] { r.Key.ToString(), r.Count, decimal.Round(r.Cost, 2), Per(r.Cost, r.Count), Per(r.Cost, r.Customers) }).ToList()),
            "churn" => (["lifecycle", "riskBand", "customers"],
                (await (from c in customers
                        join s in db.CustomerScores.AsNoTracking() on c.Id equals s.CustomerId into scores
                        from s in scores.DefaultIfEmpty()
                        group c by new { c.Lifecycle, Band = s == null ? -1 : s.ChurnRisk / 25 } into g
                        select new { g.Key.Lifecycle, g.Key.Band, Count = g.Count() }).ToListAsync(ct))
                .OrderBy(r => r.Lifecycle).ThenBy(r => r.Band)
                .Select(r => new object?[] { r.Lifecycle.ToString(), r.Band < 0 ? "not scored" : $"{r.Band * 25}-{Math.Min(100, r.Band * 25 + 24)}", r.Count }).ToList()),
            "campaign-response" => (["campaign", "contacts", "responded", "responseRate"],
                (await db.Interactions.AsNoTracking().Where(i => i.CampaignId != null && ids.Contains(i.CustomerId))
                    .GroupBy(i => i.CampaignId).Select(g => new { g.Key, Count = g.Count(), Responded = g.Count(i => i.Responded) })
                    .ToListAsync(ct)).OrderBy(r => r.Key)
                .Select(r => new object?[] { r.Key, r.Count, r.Responded, Rate(r.Responded, r.Count) }).ToList()),
            _ => await AcquisitionAsync(db, since, access, ids, ct),
        };
        return new Report(name, title, result.Columns, result.Rows);
    }

    // Leads per source channel, how many converted, and outbound contact cost per new customer;
    // a client manager's version covers the leads routed to them and contacts with their customers.
    private static async Task<(string[], List<object?[]>)> AcquisitionAsync(CrmDbContext db, DateTimeOffset since, CustomerAccess access,
        IQueryable<long> ids, CancellationToken ct)
    {
        var manager = access.OnlyManagerId;
        var leads = await db.Leads.AsNoTracking().Where(l => l.CreatedAt >= since && (manager == null || l.AssignedManagerId == manager))
            .GroupBy(l => l.SourceChannel).Select(g => new { g.Key, Count = g.Count(), Converted = g.Count(l => l.Status == LeadStatus.Converted) })
            .ToListAsync(ct);
        var outbound = await db.Interactions.AsNoTracking().Where(i => i.At >= since && i.Direction == Direction.Outbound
                                                                       && (manager == null || ids.Contains(i.CustomerId)))
            .GroupBy(i => i.Channel).Select(g => new { g.Key, Cost = g.Sum(i => i.Cost) }).ToListAsync(ct);
        return (["channel", "leads", "converted", "conversionRate", "outboundCost", "costPerConversion"],
            leads.OrderByDescending(l => l.Count).Select(l =>
            {
                var cost = outbound.FirstOrDefault(o => o.Key == l.Key)?.Cost ?? 0m;
                return new object?[] { l.Key.ToString(), l.Count, l.Converted, Rate(l.Converted, l.Count), decimal.Round(cost, 2), l.Converted == 0 ? null : Per(cost, l.Converted) };
            }).ToList());
    }

    private static decimal Rate(int part, int whole) => whole == 0 ? 0 : decimal.Round(100m * part / whole, 1);

    private static decimal Per(decimal amount, int count) => count == 0 ? 0 : decimal.Round(amount / count, 2);
}
