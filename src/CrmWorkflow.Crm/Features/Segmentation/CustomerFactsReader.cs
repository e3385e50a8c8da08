using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Segmentation;

/// <summary>
/// Reads what the scoring rules need about customers from orders, payments, complaints and the
/// stored scores: every customer for the job, or one customer when it is rescored alone.
/// </summary>
internal static class CustomerFactsReader
{
    public static async Task<Dictionary<long, CustomerFacts>> ReadAsync(CrmDbContext db, DateTimeOffset now, long? only, CancellationToken ct)
    {
        var facts = new Dictionary<long, CustomerFacts>();
        var customers = db.Customers.AsNoTracking();
        var orders = db.Orders.AsNoTracking();
        var payments = db.Payments.AsNoTracking();
        var complaints = db.Complaints.AsNoTracking();
        var scores = db.CustomerScores.AsNoTracking();
        if (only is { } id)
        {
            customers = customers.Where(x => x.Id == id);
            orders = orders.Where(x => x.CustomerId == id);
            payments = payments.Where(x => x.CustomerId == id);
            complaints = complaints.Where(x => x.CustomerId == id);
            scores = scores.Where(x => x.CustomerId == id);
        }
        await foreach (var c in customers.Select(c => new { c.Id, c.CreatedAt, c.Tier, c.IsKeyAccount, c.Credit, c.Lifecycle }).AsAsyncEnumerable().WithCancellation(ct))
            facts[c.Id] = new CustomerFacts { Id = c.Id, CreatedAt = c.CreatedAt, Tier = c.Tier.ToString(), KeyAccount = c.IsKeyAccount, Credit = c.Credit.ToString(), Lifecycle = c.Lifecycle.ToString() };
        var yearAgo = now.AddYears(-1);
        var halfYearAgo = now.AddMonths(-6);
        var yearAgoHalf = now.AddMonths(-12);
        await foreach (var order in orders.Select(x => new { x.CustomerId, x.OrderedAt, x.Amount, x.Margin }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!facts.TryGetValue(order.CustomerId, out var f)) continue;
            f.Orders++;
            f.Amount += order.Amount;
            f.Margin += order.Margin;
            if (f.LastOrder is null || order.OrderedAt > f.LastOrder) f.LastOrder = order.OrderedAt;
            if (order.OrderedAt >= yearAgo) { f.AmountLast12Months += order.Amount; f.MarginLast12Months += order.Margin; }
            if (order.OrderedAt >= halfYearAgo) f.OrdersLast6Months++;
            else if (order.OrderedAt >= yearAgoHalf) f.OrdersPrevious6Months++;
        }
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        await foreach (var p in payments.Select(x => new { x.CustomerId, x.DueOn, x.PaidOn }).AsAsyncEnumerable().WithCancellation(ct))
        {
            if (!facts.TryGetValue(p.CustomerId, out var f)) continue;
            f.Payments++;
            if (p.PaidOn is { } paid && paid > p.DueOn) f.LatePayments++;
            if (p.PaidOn is null && p.DueOn.AddDays(60) < today) f.OverdueUnpaid++;
            else if (p.PaidOn is null && p.DueOn < today) f.LatePayments++;
        }
        var closed = new[] { ComplaintStatus.Resolved, ComplaintStatus.Closed };
        foreach (var c in await complaints.Select(x => new { x.CustomerId, x.Status, x.Satisfaction }).ToListAsync(ct))
        {
            if (!facts.TryGetValue(c.CustomerId, out var f)) continue;
            if (!closed.Contains(c.Status)) f.OpenComplaints++;
        }
        foreach (var g in (await complaints.Where(x => x.Satisfaction != null).Select(x => new { x.CustomerId, x.Satisfaction }).ToListAsync(ct)).GroupBy(x => x.CustomerId))
            if (facts.TryGetValue(g.Key, out var f)) f.AverageSatisfaction = g.Average(x => x.Satisfaction!.Value);
        await foreach (var s in scores.Select(x => new { x.CustomerId, x.ChurnRisk }).AsAsyncEnumerable().WithCancellation(ct))
            if (facts.TryGetValue(s.CustomerId, out var f)) f.PreviousChurnRisk = s.ChurnRisk;
        return facts;
    }
}
