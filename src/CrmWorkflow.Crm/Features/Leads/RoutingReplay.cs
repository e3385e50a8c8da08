using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Timers;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>Where one lead went in one version's replay.</summary>
public sealed record ReplayedLead(long LeadId, string? Rule, string? ManagerId, string? Queue, bool Routed, string? Fault);

/// <summary>The data a replay starts from, read once and shared (never changed) by both versions.</summary>
public sealed record ReplaySnapshot(
    IReadOnlyList<Lead> Leads,
    IReadOnlyDictionary<long, CustomerMatch> Customers,
    IReadOnlyList<ClientManager> Managers,
    IReadOnlyDictionary<string, int> StartLoad,
    IReadOnlyDictionary<string, long> Pointers,
    IReadOnlyDictionary<string, List<(DateTimeOffset From, DateTimeOffset To)>> Away,
    IReadOnlyDictionary<long, BusinessCalendar> Calendars);

/// <summary>
/// Replays leads, in the order they came in, through one version's routing with in-memory
/// copies of the roster's load and the round-robin pointers, so each lead sees the counters
/// the leads before it left, exactly as the live router would have. Nothing is stored.
/// </summary>
public static class RoutingReplay
{
    public static async Task<(IReadOnlyList<ReplayedLead> Leads, IReadOnlyDictionary<string, int> LoadAfter)> RunAsync(
        RoutingPlan plan, ReplaySnapshot snapshot, CancellationToken ct)
    {
        // Copies, because the router reads OpenLeads from the objects it is given and each version starts afresh.
        var managers = snapshot.Managers.Select(m => Copy(m, snapshot.StartLoad.GetValueOrDefault(m.Id))).ToList();
        var pointers = new Dictionary<string, long>(snapshot.Pointers);
        var results = new List<ReplayedLead>(snapshot.Leads.Count);
        var noOne = new HashSet<string>();
        // The steps before routing depend on the lead alone, never on the counters, so they may
        // run in parallel; only the routing itself must follow the leads' order.
        var leads = snapshot.Leads;
        var choices = new RuleChoice[leads.Count];
        await Parallel.ForAsync(0, leads.Count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount },
            async (i, token) => choices[i] = await plan.ChooseAsync(leads[i], snapshot.Customers.GetValueOrDefault(leads[i].Id), token));
        for (var i = 0; i < leads.Count; i++)
        {
            var (lead, choice) = (leads[i], choices[i]);
            if (!choice.Reached || choice.Fault is not null)
            {
                results.Add(new ReplayedLead(lead.Id, null, null, null, choice.Reached, choice.Fault));
                continue;
            }
            if (choice.Rule is not { } rule)
            {
                results.Add(new ReplayedLead(lead.Id, null, null, plan.FallbackQueue, true, null));
                continue;
            }
            var key = plan.PointerKey(rule);
            var at = lead.CreatedAt;
            var situation = new RoutingSituation(at, AwayAt(snapshot.Away, at), snapshot.Calendars, noOne,
                plan.RequireWorkingHours, plan.RespectCapacity, pointers.GetValueOrDefault(key));
            var decision = LeadRouter.Route(lead, rule, managers, situation);
            if (decision.Manager is { } chosen)
            {
                chosen.OpenLeads++;
                if (rule.Strategy == RoutingStrategy.RoundRobin && decision.NewPosition is { } position) pointers[key] = position;
                results.Add(new ReplayedLead(lead.Id, rule.Name, chosen.Id, null, true, null));
            }
            else results.Add(new ReplayedLead(lead.Id, rule.Name, null, decision.Queue ?? plan.FallbackQueue, true, null));
        }
        return (results, managers.ToDictionary(m => m.Id, m => m.OpenLeads));
    }

    private static HashSet<string> AwayAt(IReadOnlyDictionary<string, List<(DateTimeOffset From, DateTimeOffset To)>> away, DateTimeOffset at)
    {
        var set = new HashSet<string>();
        foreach (var (manager, periods) in away)
            if (periods.Any(p => p.From <= at && p.To > at)) set.Add(manager);
        return set;
    }

    private static ClientManager Copy(ClientManager m, int openLeads) => new()
    {
        Id = m.Id, Name = m.Name, UserId = m.UserId, Email = m.Email, Regions = m.Regions, Industries = m.Industries, Skills = m.Skills,
        Languages = m.Languages, Seniority = m.Seniority, LeadCapacity = m.LeadCapacity, KeyAccountCapacity = m.KeyAccountCapacity,
        OpenLeads = openLeads, KeyAccounts = m.KeyAccounts, IsActive = m.IsActive, Weight = m.Weight, Team = m.Team,
        SupervisorId = m.SupervisorId, CalendarId = m.CalendarId,
    };
}
