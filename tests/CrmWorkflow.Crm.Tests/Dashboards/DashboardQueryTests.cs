using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Dashboards;
using Microsoft.Extensions.Time.Testing;

namespace CrmWorkflow.Crm.Tests.Dashboards;

/// <summary>The dashboard figures over a real SQLite file with known rows.</summary>
public sealed class DashboardQueryTests : IDisposable
{
    // Wednesday 25 November 2026: the current week starts Monday 23 November, week X the 16th.
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset WeekX = new(2026, 11, 16, 0, 0, 0, TimeSpan.Zero);
    private readonly CrmDatabase _db = new();
    private readonly FakeTimeProvider _clock = new(Now);

    public void Dispose() => _db.Dispose();

    private async Task AddAsync(params object[] rows)
    {
        await using var db = await _db.Factory.CreateDbContextAsync();
        db.AddRange(rows);
        await db.SaveChangesAsync();
    }

    private static Complaint Resolved(long id, DateTimeOffset resolved, DateTimeOffset? due, DateTimeOffset? breached = null) => new()
    {
        Id = id, CustomerId = 1, Category = "Billing", Description = "x", Status = ComplaintStatus.Resolved,
        OpenedAt = resolved.AddDays(-2), ResolvedAt = resolved, ResolutionDueAt = due, BreachedAt = breached,
    };

    [Fact]
    public async Task SlaCompliance_ThreeOfFourWithinSlaInWeekX_Is75Percent()
    {
        await AddAsync(
            Resolved(1, WeekX.AddDays(1), WeekX.AddDays(2)),
            Resolved(2, WeekX.AddDays(2), WeekX.AddDays(2).AddHours(1)),
            Resolved(3, WeekX.AddDays(6.9), WeekX.AddDays(8)),
            Resolved(4, WeekX.AddDays(3), WeekX.AddDays(2)),                                     // resolved after due: breached
            Resolved(5, Now.AddHours(-1), Now.AddDays(1), breached: Now.AddHours(-30)),          // the breach fired: breached this week
            Resolved(6, WeekX.AddDays(1), due: null),                                            // no SLA: left out
            Resolved(7, WeekX.AddDays(-7 * 12), WeekX),                                          // before the 12 weeks
            new Complaint { Id = 8, CustomerId = 1, Category = "Billing", Description = "open", OpenedAt = WeekX, ResolutionDueAt = WeekX.AddDays(1) });
        var handler = new SlaComplianceHandler(_db.Factory, _clock);

        var weeks = await handler.HandleAsync(12);

        Assert.Equal(12, weeks.Count);
        Assert.Equal(WeekX.AddDays(7), weeks[^1].Week);
        var x = weeks[^2];
        Assert.Equal((WeekX, 3, 1, 75.0), (x.Week, x.Within, x.Breached, x.CompliancePercent));
        Assert.Equal((0, 1, 0.0), (weeks[^1].Within, weeks[^1].Breached, weeks[^1].CompliancePercent));
        Assert.All(weeks.Take(10), w => Assert.Null(w.CompliancePercent));
    }

    private static Lead Lead(long id, LeadStatus status, DateTimeOffset created, DateTimeOffset? assigned = null, DateTimeOffset? contacted = null,
        string? manager = null) => new()
    {
        Id = id, PersonName = $"Lead {id}", Region = "North", Industry = "Retail", Status = status, CreatedAt = created,
        AssignedAt = assigned, ContactedAt = contacted, AssignedManagerId = manager ?? (assigned is null ? null : "cm-1"),
    };

    [Fact]
    public async Task LeadFunnel_CountsEveryStepALeadReached_InTheLastTwelveWeeks()
    {
        var t = WeekX;
        await AddAsync(
            Lead(1, LeadStatus.New, t),
            Lead(2, LeadStatus.Assigned, t, assigned: t),
            Lead(3, LeadStatus.Contacted, t, assigned: t, contacted: t.AddHours(2)),
            Lead(4, LeadStatus.Qualified, t, assigned: t, contacted: t.AddHours(3)),
            Lead(5, LeadStatus.Converted, t, assigned: t, contacted: t.AddHours(1)),
            Lead(6, LeadStatus.Converted, t, assigned: t),
            Lead(7, LeadStatus.Disqualified, t, assigned: t),
            Lead(8, LeadStatus.Converted, Now.AddDays(-100), assigned: Now.AddDays(-100)));
        var handler = new LeadFunnelHandler(_db.Factory, _clock);

        var funnel = await handler.HandleAsync(12);

        Assert.Equal([("Captured", 7), ("Assigned", 6), ("Contacted", 4), ("Won", 2), ("Closed, no sale", 1)],
            funnel.Select(s => (s.Stage, s.Leads)));
    }

    [Fact]
    public async Task FirstContactTime_PerWeekOfContact_HasMedianAndAverageHours()
    {
        var t = WeekX.AddDays(1);
        await AddAsync(
            Lead(1, LeadStatus.Contacted, t, assigned: t, contacted: t.AddHours(1)),
            Lead(2, LeadStatus.Contacted, t, assigned: t, contacted: t.AddHours(2)),
            Lead(3, LeadStatus.Contacted, t, assigned: t, contacted: t.AddHours(9)),
            Lead(4, LeadStatus.Qualified, Now.AddDays(-1), assigned: Now.AddDays(-1), contacted: Now.AddDays(-1).AddHours(4)),
            Lead(5, LeadStatus.Converted, Now.AddDays(-1), assigned: Now.AddDays(-1), contacted: Now.AddDays(-1).AddHours(6)),
            Lead(6, LeadStatus.Contacted, t, contacted: t.AddHours(1)),                                       // never assigned
            Lead(7, LeadStatus.Contacted, Now.AddDays(-200), assigned: Now.AddDays(-200), contacted: Now.AddDays(-199)));
        var handler = new FirstContactTimeHandler(_db.Factory, _clock);

        var weeks = await handler.HandleAsync(12);

        Assert.Equal((3, 2.0, 4.0), (weeks[^2].Leads, weeks[^2].MedianHours, weeks[^2].AverageHours));
        Assert.Equal((2, 5.0, 5.0), (weeks[^1].Leads, weeks[^1].MedianHours, weeks[^1].AverageHours));
        Assert.All(weeks.Take(10), w => Assert.Equal(0, w.Leads));
    }

    private static ClientManager Manager(string id, int capacity, bool active = true) =>
        new() { Id = id, Name = $"Manager {id}", LeadCapacity = capacity, IsActive = active };

    [Fact]
    public async Task ManagerLoad_OpenLeadsAgainstCapacity_BusiestFirstAndInactiveLeftOut()
    {
        var t = Now.AddDays(-3);
        await AddAsync(
            Manager("a", 10), Manager("b", 2), Manager("c", 10, active: false), Manager("d", 20),
            Lead(1, LeadStatus.Assigned, t, t, manager: "a"), Lead(2, LeadStatus.Contacted, t, t, manager: "a"),
            Lead(3, LeadStatus.Qualified, t, t, manager: "a"), Lead(4, LeadStatus.Converted, t, t, manager: "a"),
            Lead(5, LeadStatus.Assigned, t, t, manager: "b"), Lead(6, LeadStatus.Assigned, t, t, manager: "b"),
            Lead(7, LeadStatus.Disqualified, t, t, manager: "b"), Lead(8, LeadStatus.Assigned, t, t, manager: "c"));
        var handler = new ManagerLoadHandler(_db.Factory);

        var load = await handler.HandleAsync(top: 15);

        Assert.Equal([("b", 2, 2, 100.0), ("a", 3, 10, 30.0), ("d", 0, 20, 0.0)],
            load.Busiest.Select(m => (m.ManagerId, m.OpenLeads, m.Capacity, m.LoadPercent)));
        Assert.Equal((3, 1, 5, 32), (load.ActiveManagers, load.AtCapacity, load.OpenLeads, load.Capacity));
    }

    [Fact]
    public async Task CustomerSegments_CountsPerSegmentAndTier_WithUnscoredCustomersApart()
    {
        static Customer C(long id, CustomerTier tier) => new() { Id = id, Name = $"C{id}", Region = "North", Industry = "Retail", Tier = tier };
        static CustomerScore S(long id, string segment) => new() { CustomerId = id, Segment = segment };
        await AddAsync(
            C(1, CustomerTier.Gold), C(2, CustomerTier.Gold), C(3, CustomerTier.Diamond), C(4, CustomerTier.Standard), C(5, CustomerTier.Standard),
            S(1, "Champions"), S(2, "Champions"), S(3, "Champions"), S(4, "At risk"));
        var handler = new CustomerSegmentsHandler(_db.Factory);

        var rows = await handler.HandleAsync();

        Assert.Equal(
            [("At risk", CustomerTier.Standard, 1), ("Champions", CustomerTier.Diamond, 1), ("Champions", CustomerTier.Gold, 2),
             (CustomerSegmentsHandler.NotScored, CustomerTier.Standard, 1)],
            rows.Select(r => (r.Segment, r.Tier, r.Customers)).OrderBy(r => r.Segment).ThenBy(r => r.Tier.ToString()));
    }
}
