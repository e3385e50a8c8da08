using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Complaints;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Crm.Activities;

/// <summary>
/// A complaint's SLA clock. It plans the due times in business time, then waits on durable
/// bookmarks: two timers (warning, breach) and the complaint's status-changed event, on which
/// it pauses (waiting on the customer), resumes (moving the due times by the paused working
/// time) or stops (resolved or closed). Ports fire while it keeps waiting, so one clock
/// serves the whole life of the complaint. Once breached the SLA is broken: pauses are still
/// recorded but move nothing, and the optional 'stillOpen' follow-up keeps its time. A person's
/// request to escalate (complaint.escalationRequested) follows 'escalationRequested' while the
/// clock runs, so the escalation happens in the complaint's own workflow and its tasks move.
/// </summary>
[Activity("crm.slaClock", "Complaints",
    "Starts the complaint's SLA clock in business time (policy by customer tier and severity) and follows 'warning' and 'breach' when they fall due (and 'stillOpen' a while after the breach); waiting on the customer pauses it and moves the due times; resolved or closed stops it.")]
[Ports("started", "warning", "breach", "stillOpen", "escalationRequested", "stopped")]
[Output("responseDueAt", "datetime", "When the first response is due.")]
[Output("resolutionDueAt", "datetime", "When the complaint must be resolved.")]
[Output("warningAt", "datetime", "When the warning falls due (the policy's share of the resolution time).")]
[Output("warningShare", "number", "The share of the resolution time after which the warning fires, e.g. 0.8.")]
[Output("pausedMinutes", "number", "Working minutes the clock stood still so far.")]
[Output("state", "string", "running, paused, warning, breached or stopped.")]
[Output("complaint", "object", "The complaint with its customer's name, for messages; responseDueText and resolutionDueText give the due times in the calendar's time zone, e.g. 2026-12-01 09:30 (Asia/Shanghai).")]
[Output("assignee", "object", "The manager working on the complaint { id, name, email }, or null.")]
[Output("escalation", "object", "On 'escalationRequested': { reason, requestedBy } from the person who asked.")]
public sealed class SlaClockActivity : Activity, IBlockingActivity
{
    private const string Warning = "warning", Breach = "breach", StillOpen = "stillOpen", Escalation = "escalation";

    /// <summary>The complaint.</summary>
    [Input("The complaint whose SLA is timed, e.g. outputs.load.complaint.id.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> ComplaintId { get; } = new();

    /// <summary>Follow-up after the breach.</summary>
    [Input("After a breach, follow 'stillOpen' once when this much more working time has passed and the complaint is still not resolved (ISO 8601, e.g. PT4H for a second escalation). Empty: no follow-up.",
        UiHint = UiHint.Duration)]
    public Input<TimeSpan?> StillOpenAfter { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Crm();
        var facts = await ComplaintFacts.LoadAsync(db, context.Get(ComplaintId), context.CancellationToken);
        var c = facts.Complaint;
        var (policy, calendar) = await SlaRules.PolicyAsync(db, facts.Customer, c, context.CancellationToken);
        if (ComplaintTransitions.IsFinal(c.Status))
        {
            Report(context, facts, policy, calendar, "stopped");
            return ActivityOutcome.Port("stopped");
        }
        SlaRules.Plan(c, policy, calendar);
        if (c.Status == ComplaintStatus.WaitingOnCustomer) SlaRules.Pause(c, context.Now);
        ListenForStatus(context, c.Id);
        ListenForEscalation(context, c.Id);
        if (SlaRules.PausedSince(c) is null) ArmTimers(context, c);
        Report(context, facts, policy, calendar, SlaRules.PausedSince(c) is null ? "running" : "paused");
        return ActivityOutcome.PortsAndWait("started");
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ResumeAsync(ActivityContext context)
    {
        var bookmark = context.Bookmark!;
        var complaintId = bookmark.Data?["complaintId"]?.GetValue<long>()
                          ?? throw new InvalidOperationException($"SLA clock bookmark {bookmark.Id} does not name its complaint.");
        var db = context.Crm();
        var facts = await ComplaintFacts.LoadAsync(db, complaintId, context.CancellationToken);
        var c = facts.Complaint;
        var (policy, calendar) = await SlaRules.PolicyAsync(db, facts.Customer, c, context.CancellationToken);

        if (bookmark.Tag == Escalation)
        {
            ListenForEscalation(context, c.Id);
            var request = context.Event as JsonObject;
            context.SetOutput("escalation", new JsonObject { ["reason"] = request?["reason"]?.DeepClone(), ["requestedBy"] = request?["requestedBy"]?.DeepClone() });
            Report(context, facts, policy, calendar, SlaRules.PausedSince(c) is null ? State(c) : "paused");
            return ActivityOutcome.PortsAndWait("escalationRequested");
        }
        if (bookmark.Kind == BookmarkKind.Timer)
        {
            if (bookmark.Tag == Warning)
            {
                c.WarnedAt ??= context.Now;
                Report(context, facts, policy, calendar, "warning");
                return ActivityOutcome.PortsAndWait("warning");
            }
            if (bookmark.Tag == StillOpen)
            {
                Report(context, facts, policy, calendar, "breached");
                return ActivityOutcome.PortsAndWait("stillOpen");
            }
            c.BreachedAt ??= context.Now;
            // The clock keeps listening, so 'stopped' still follows the resolution.
            DropTimers(context);
            if (context.Get(StillOpenAfter) is { } after)
                context.CreateBookmark(BookmarkKind.Timer, tag: StillOpen, dueAt: calendar.AddMinutes(c.BreachedAt.Value, (int)after.TotalMinutes), data: Data(c.Id));
            Report(context, facts, policy, calendar, "breached");
            return ActivityOutcome.PortsAndWait("breach");
        }

        var at = ChangedAt(context);
        // The event's own status keeps the timeline right when several changes queue up; the row is the fallback.
        var status = ReportedStatus(context) ?? c.Status;
        if (ComplaintTransitions.IsFinal(status))
        {
            SlaRules.Resume(c, calendar, at);
            Report(context, facts, policy, calendar, "stopped");
            return ActivityOutcome.Port("stopped"); // ends the execution: its timers go with it
        }
        var wasPaused = SlaRules.PausedSince(c) is not null;
        if (status == ComplaintStatus.WaitingOnCustomer && !wasPaused)
        {
            SlaRules.Pause(c, at);
            DropTimers(context);
        }
        else if (status != ComplaintStatus.WaitingOnCustomer && wasPaused)
        {
            SlaRules.Resume(c, calendar, at);
            DropTimers(context);
            ArmTimers(context, c);
        }
        ListenForStatus(context, c.Id);
        Report(context, facts, policy, calendar, SlaRules.PausedSince(c) is null ? State(c) : "paused");
        return ActivityOutcome.Wait;
    }

    private static void ListenForStatus(ActivityContext context, long complaintId) =>
        context.CreateBookmark(BookmarkKind.Event, eventName: ComplaintEvents.StatusChanged,
            correlationKey: ComplaintEvents.Correlation(complaintId), data: Data(complaintId));

    private static void ListenForEscalation(ActivityContext context, long complaintId) =>
        context.CreateBookmark(BookmarkKind.Event, tag: Escalation, eventName: ComplaintEvents.EscalationRequested,
            correlationKey: ComplaintEvents.Correlation(complaintId), data: Data(complaintId));

    private static void ArmTimers(ActivityContext context, Complaint c)
    {
        if (c.WarnedAt is null && c.BreachedAt is null && c.WarningAt is { } warning && warning < c.ResolutionDueAt)
            context.CreateBookmark(BookmarkKind.Timer, tag: Warning, dueAt: warning, data: Data(c.Id));
        if (c.BreachedAt is null && c.ResolutionDueAt is { } due)
            context.CreateBookmark(BookmarkKind.Timer, tag: Breach, dueAt: due, data: Data(c.Id));
    }

    private static void DropTimers(ActivityContext context)
    {
        foreach (var timer in context.OpenBookmarks.Where(b => b.Kind == BookmarkKind.Timer && b.Tag != StillOpen).ToList())
            context.RemoveBookmark(timer);
    }

    // The pause starts when the status changed, not when the event was handled (the worker may be late).
    private static DateTimeOffset ChangedAt(ActivityContext context)
    {
        var at = (context.Event as JsonObject)?["at"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
                 && DateTimeOffset.TryParse(v.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out var t)
            ? t
            : context.Now;
        return at > context.Now ? context.Now : at;
    }

    private static ComplaintStatus? ReportedStatus(ActivityContext context) =>
        (context.Event as JsonObject)?["status"] is JsonValue v && v.GetValueKind() == JsonValueKind.String
        && Enum.TryParse<ComplaintStatus>(v.GetValue<string>(), true, out var s) && !int.TryParse(v.GetValue<string>(), out _)
            ? s
            : null;

    private static string State(Complaint c) => c.BreachedAt is not null ? "breached" : c.WarnedAt is not null ? "warning" : "running";

    private static JsonObject Data(long complaintId) => new() { ["complaintId"] = complaintId };

    private static void Report(ActivityContext context, ComplaintFacts facts, SlaPolicy policy, SlaCalendar calendar, string state)
    {
        var c = facts.Complaint;
        context.SetOutput("responseDueAt", JsonValue.Create(c.ResponseDueAt));
        context.SetOutput("resolutionDueAt", JsonValue.Create(c.ResolutionDueAt));
        context.SetOutput("warningAt", JsonValue.Create(c.WarningAt));
        context.SetOutput("warningShare", JsonValue.Create(policy.WarningThreshold));
        context.SetOutput("pausedMinutes", c.PausedMinutes);
        context.SetOutput("state", state);
        var complaint = facts.ToJson();
        complaint["responseDueText"] = c.ResponseDueAt is { } r ? calendar.LocalText(r) : null;
        complaint["resolutionDueText"] = c.ResolutionDueAt is { } d ? calendar.LocalText(d) : null;
        context.SetOutput("complaint", complaint);
        context.SetOutput("assignee", ComplaintFacts.Person(facts.Assignee));
    }
}
