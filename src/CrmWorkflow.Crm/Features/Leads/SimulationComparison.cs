namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>Turns two replays into the what-if's comparison.</summary>
internal static class SimulationComparison
{
    public static RoutingSimulation Build(ReplaySnapshot snapshot,
        int publishedVersion, RoutingPlan? publishedPlan, string? publishedProblem,
        (IReadOnlyList<ReplayedLead> Leads, IReadOnlyDictionary<string, int> LoadAfter)? published,
        int draftVersion, RoutingPlan? draftPlan, string? draftProblem,
        (IReadOnlyList<ReplayedLead> Leads, IReadOnlyDictionary<string, int> LoadAfter)? draft)
    {
        var pub = Outcome(publishedVersion, publishedPlan, publishedProblem, published?.Leads);
        var dr = Outcome(draftVersion, draftPlan, draftProblem, draft?.Leads);
        var pubCounts = Counts(published?.Leads);
        var drCounts = Counts(draft?.Leads);
        var managers = snapshot.Managers.Select(m =>
        {
            var start = snapshot.StartLoad.GetValueOrDefault(m.Id);
            return new ManagerComparison(m.Id, m.Name, m.LeadCapacity, start,
                pubCounts.GetValueOrDefault(m.Id), published?.LoadAfter.GetValueOrDefault(m.Id, start) ?? start,
                drCounts.GetValueOrDefault(m.Id), draft?.LoadAfter.GetValueOrDefault(m.Id, start) ?? start);
        }).ToList();
        var changes = new List<OwnerChange>();
        if (published is { } p && draft is { } d)
        {
            var leads = snapshot.Leads;
            for (var i = 0; i < leads.Count; i++)
            {
                var (before, after) = (Owner(p.Leads[i]), Owner(d.Leads[i]));
                if (before != after)
                    changes.Add(new OwnerChange(leads[i].Id, leads[i].PersonName, leads[i].CompanyName, leads[i].CreatedAt,
                        before, p.Leads[i].Rule, after, d.Leads[i].Rule));
            }
        }
        return new RoutingSimulation("", 0, default, default, snapshot.Leads.Count, pub, dr, managers, changes, 0) { ChangesTotal = changes.Count };
    }

    /// <summary>Who has the lead after routing, as one comparable text: a manager id, "queue: name", or what stopped it.</summary>
    private static string Owner(ReplayedLead lead) =>
        lead.ManagerId ?? (lead.Queue is { } q ? $"queue: {q}" : lead.Fault is not null ? "incident" : "not routed");

    private static Dictionary<string, int> Counts(IReadOnlyList<ReplayedLead>? leads) =>
        leads?.Where(l => l.ManagerId is not null).GroupBy(l => l.ManagerId!).ToDictionary(g => g.Key, g => g.Count()) ?? [];

    private static VersionOutcome Outcome(int version, RoutingPlan? plan, string? problem, IReadOnlyList<ReplayedLead>? leads)
    {
        leads ??= [];
        return new VersionOutcome(version, problem,
            leads.Count(l => l.ManagerId is not null), leads.Count(l => l.Queue is not null), leads.Count(l => !l.Routed),
            leads.Count(l => l.Fault is not null), leads.FirstOrDefault(l => l.Fault is not null)?.Fault,
            plan?.RespectCapacity ?? true, plan?.FallbackQueue ?? "",
            leads.Where(l => l.Queue is not null).GroupBy(l => l.Queue!).ToDictionary(g => g.Key, g => g.Count()),
            leads.Where(l => l.Rule is not null).GroupBy(l => l.Rule!).ToDictionary(g => g.Key, g => g.Count()));
    }
}
