using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using static CrmWorkflow.Crm.Tests.Complaints.ComplaintWorld;

namespace CrmWorkflow.Crm.Tests.Complaints;

/// <summary>The SLA clock inside the shipped complaint-handling workflow.</summary>
public sealed class SlaClockActivityTests
{
    private static async Task<List<BookmarkRecord>> ClockBookmarksAsync(CrmProcessHost host)
    {
        await using var db = host.Db();
        return await db.Set<BookmarkRecord>().AsNoTracking().Where(b => b.ActivityId == "clock").OrderBy(b => b.DueAt).ToListAsync();
    }

    [Fact]
    public async Task Start_WaitsOnTimerAndEventRowsInTheDatabase()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);

        var filed = await FileAsync(host);

        var bookmarks = await ClockBookmarksAsync(host);
        // It listens for the complaint's status changes and for a person's request to escalate.
        Assert.Equal([("complaint.escalationRequested", filed.Id.ToString()), ("complaint.statusChanged", filed.Id.ToString())],
            bookmarks.Where(b => b.Kind == BookmarkKind.Event).Select(b => (b.EventName, b.CorrelationKey)).Order());
        Assert.Equal(new[] { filed.Sla.WarningAt!.Value, filed.Sla.ResolutionDueAt!.Value },
            bookmarks.Where(b => b.Kind == BookmarkKind.Timer).Select(b => b.DueAt!.Value));
        var stored = await ComplaintAsync(host, filed.Id);
        Assert.Equal((1L, FridayEvening), (stored.SlaPolicyId!.Value, stored.SlaStartedAt!.Value));
    }

    [Fact]
    public async Task Timers_AfterRestart_FireInAFreshRuntimeOverTheSameFile()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);
        var filed = await FileAsync(host);

        // A new process, started at the warning moment: it knows nothing but the database.
        await using (var restarted = new RestartedHost(host.Database.Factory, filed.Sla.WarningAt!.Value))
            Assert.Equal(1, await restarted.Runtime.FireDueTimersAsync());

        var warned = await ComplaintAsync(host, filed.Id);
        Assert.Equal(filed.Sla.WarningAt, warned.WarnedAt);
        Assert.Equal("cm-own@crm.example", Assert.Single(await host.MessagesAsync("sla-warning")).Recipient);
        Assert.Single(await ClockBookmarksAsync(host), b => b.Kind == BookmarkKind.Timer); // the breach timer still waits
    }

    [Fact]
    public async Task Stop_BeforeTheWarning_CancelsTheTimersAndNothingFiresLater()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);
        var filed = await FileAsync(host);
        await AdvanceToAsync(host, Utc("2026-12-01T03:00:00Z"));

        var resolved = (await StatusAsync(host, filed.Id, "resolved", resolution: "Refunded the delivery fee")).View!;

        Assert.Equal("met", resolved.Sla.State);
        Assert.Empty(await ClockBookmarksAsync(host));
        await AdvanceToAsync(host, Utc("2026-12-10T00:00:00Z"));
        var after = await ComplaintAsync(host, filed.Id);
        Assert.Equal((null, null, 0), (after.WarnedAt, after.BreachedAt, after.EscalationLevel));
        Assert.Empty(await host.MessagesAsync("sla-warning"));
        Assert.Empty(await host.MessagesAsync("complaint-escalation"));
    }

    [Fact]
    public async Task Pause_OutsideWorkingHours_MovesNothing()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);
        var filed = await FileAsync(host);

        await AdvanceToAsync(host, Utc("2026-11-28T02:00:00Z")); // Saturday
        await StatusAsync(host, filed.Id, "waitingOnCustomer");
        Assert.DoesNotContain(await ClockBookmarksAsync(host), b => b.Kind == BookmarkKind.Timer);
        await AdvanceToAsync(host, Utc("2026-11-29T02:00:00Z")); // Sunday
        var resumed = (await StatusAsync(host, filed.Id, "inProgress")).View!;

        Assert.Equal((0, filed.Sla.ResolutionDueAt), (resumed.Sla.PausedMinutes, resumed.Sla.ResolutionDueAt));
        Assert.Single(resumed.Sla.Pauses);
        Assert.Equal(2, (await ClockBookmarksAsync(host)).Count(b => b.Kind == BookmarkKind.Timer));
    }

    [Fact]
    public async Task Start_WithoutAPolicyForTierAndSeverity_RaisesAnIncidentThatSaysWhichPolicyIsMissing()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);

        var filed = await FileAsync(host, severity: "critical");

        Assert.Null(filed.Sla.ResolutionDueAt);
        await using var db = host.Db();
        var incident = await db.Set<IncidentRecord>().AsNoTracking().SingleAsync();
        Assert.Equal("clock", incident.ActivityId);
        Assert.Contains("No SLA policy for Gold customers and Critical complaints", incident.Message);
        Assert.Equal(WorkflowStatus.Faulted, (await db.Set<WorkflowInstanceRecord>().AsNoTracking().SingleAsync()).Status);
    }

    [Fact]
    public async Task StatusEvents_HandledLate_PauseFromWhenTheStatusChangedNotWhenHandled()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);
        var filed = await FileAsync(host);
        await AdvanceToAsync(host, Utc("2026-12-01T02:00:00Z")); // Tue 10:00 local

        // Two changes while nothing handles events (say the worker was down): 10:00 waiting, 12:00 back in progress.
        await ChangeWithoutDispatchAsync(host, filed.Id, ComplaintStatus.WaitingOnCustomer);
        host.Clock.Advance(TimeSpan.FromHours(2));
        await ChangeWithoutDispatchAsync(host, filed.Id, ComplaintStatus.InProgress);
        host.Clock.Advance(TimeSpan.FromHours(3));
        await host.DrainAsync();

        var view = await ViewAsync(host, filed.Id);
        Assert.Equal(120, view.Sla.PausedMinutes);
        Assert.Equal((Utc("2026-12-01T02:00:00Z"), Utc("2026-12-01T04:00:00Z")), (view.Sla.Pauses[0].From, view.Sla.Pauses[0].To!.Value));
        Assert.Equal(Utc("2026-12-02T09:30:00Z"), view.Sla.ResolutionDueAt); // Wed 15:30 + 2 working hours
    }

    private static async Task ChangeWithoutDispatchAsync(CrmProcessHost host, long id, ComplaintStatus to)
    {
        await using var db = host.Db();
        var complaint = await db.Complaints.FirstAsync(c => c.Id == id);
        var previous = complaint.Status;
        Features.Complaints.ComplaintTransitions.Apply(complaint, to, host.Clock.GetUtcNow());
        host.Runtime.QueueEvent(db, "complaint.statusChanged", id.ToString(),
            Features.Complaints.ComplaintEvents.StatusChangedPayload(complaint, previous, host.Clock.GetUtcNow(), null));
        await db.SaveChangesAsync();
    }
}
