using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Activities;

// The routing step's reads. Those every routed lead makes are compiled once rather than
// translated from LINQ each time; a rule with a fixed manager or a list of managers takes the
// composed query.
public sealed partial class RouteLeadActivity
{
    private static readonly Func<Data.CrmDbContext, IAsyncEnumerable<ClientManager>> Active = EF.CompileAsyncQuery(
        (Data.CrmDbContext db) => db.ClientManagers.AsNoTracking().Where(m => m.IsActive));

    private static readonly Func<Data.CrmDbContext, string, IAsyncEnumerable<ClientManager>> ActiveLike = EF.CompileAsyncQuery(
        (Data.CrmDbContext db, string pattern) => db.ClientManagers.AsNoTracking().Where(m => m.IsActive && EF.Functions.Like(m.Regions, pattern, "\\")));

    // Who is away now, whoever they are: a handful at any time, so the pool's own are picked in
    // memory. Filtering by a list of ids made EF Core build that SQL again for every lead.
    private static readonly Func<Data.CrmDbContext, DateTimeOffset, IAsyncEnumerable<string>> AwayNow = EF.CompileAsyncQuery(
        (Data.CrmDbContext db, DateTimeOffset now) => db.OutOfOffice.AsNoTracking().Where(o => o.To > now && o.From <= now).Select(o => o.ManagerId));

    private static readonly Func<Data.CrmDbContext, string, CancellationToken, Task<RoutingPointer?>> PointerByKey = EF.CompileAsyncQuery(
        (Data.CrmDbContext db, string key, CancellationToken ct) => db.RoutingPointers.FirstOrDefault(p => p.Key == key));

    // Only the rule's likely pool is read (a superset the router narrows), so routing stays cheap
    // with thousands of managers: from the roster kept in memory with current counters, or in
    // full from the database when the roster is off.
    private static async Task<(List<ClientManager> Managers, List<string> Away)> PoolAsync(ActivityContext context, RoutingRule rule, Lead lead, DateTimeOffset now)
    {
        var db = context.Crm();
        var ct = context.CancellationToken;
        var pattern = rule.SameRegion ? RegionPattern(lead) : null;
        if (context.Services.GetService<ManagerRoster>() is { } roster && await roster.PoolAsync(db, rule, lead, pattern, now, ct) is { } pool)
            return pool;
        var managers = await CandidatesAsync(db, rule, lead, ct);
        var ids = managers.Select(m => m.Id).ToList();
        return (managers, ids.Count == 0 ? [] : await AwayAsync(db, ids, now, ct));
    }

    private static async Task<List<ClientManager>> CandidatesAsync(Data.CrmDbContext db, RoutingRule rule, Lead lead, CancellationToken ct)
    {
        if (Composed(rule)) return await Candidates(db, rule, lead).ToListAsync(ct);
        return await (rule.SameRegion ? ActiveLike(db, RegionPattern(lead)) : Active(db)).ToListAsync(ct);
    }

    private static async Task<List<string>> AwayAsync(Data.CrmDbContext db, List<string> ids, DateTimeOffset now, CancellationToken ct)
    {
        var pool = ids.ToHashSet(StringComparer.Ordinal);
        var away = new List<string>();
        await foreach (var id in AwayNow(db, now).WithCancellation(ct))
            if (pool.Contains(id)) away.Add(id);
        return away;
    }

    // A fixed manager or a list of managers: the query is composed for the rule.
    private static bool Composed(RoutingRule rule) =>
        (rule.Strategy == RoutingStrategy.Fixed && rule.Manager is not null) || rule.Managers is { Count: > 0 };

    private static IQueryable<ClientManager> Candidates(Data.CrmDbContext db, RoutingRule rule, Lead lead)
    {
        var query = db.ClientManagers.AsNoTracking().Where(m => m.IsActive);
        if (rule.Strategy == RoutingStrategy.Fixed && rule.Manager is { } only) query = query.Where(m => m.Id == only);
        if (rule.Managers is { Count: > 0 } listed) query = query.Where(m => listed.Contains(m.Id));
        if (rule.SameRegion)
        {
            var pattern = RegionPattern(lead);
            query = query.Where(m => EF.Functions.Like(m.Regions, pattern, "\\"));
        }
        return query;
    }

    // LIKE ignores ASCII case like the router does; the router then checks whole list entries.
    private static string RegionPattern(Lead lead) =>
        "%" + lead.Region.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
}
