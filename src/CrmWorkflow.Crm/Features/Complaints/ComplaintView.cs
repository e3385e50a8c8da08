using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>Where a complaint stands against its SLA.</summary>
public sealed record SlaView(
    string State,
    long? PolicyId,
    DateTimeOffset? StartedAt,
    DateTimeOffset? ResponseDueAt,
    DateTimeOffset? RespondedAt,
    DateTimeOffset? WarningAt,
    DateTimeOffset? WarnedAt,
    DateTimeOffset? ResolutionDueAt,
    DateTimeOffset? BreachedAt,
    DateTimeOffset? PausedSince,
    int PausedMinutes,
    IReadOnlyList<PausePeriod> Pauses);

/// <summary>A complaint as the API shows it.</summary>
public sealed record ComplaintView(
    long Id,
    long CustomerId,
    string CustomerName,
    long? ContactId,
    string Channel,
    string Category,
    string Severity,
    string Description,
    string Status,
    string Priority,
    string? AssigneeId,
    int EscalationLevel,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ResolvedAt,
    DateTimeOffset? ClosedAt,
    bool AutoClosed,
    string? Resolution,
    string? RootCause,
    SlaView Sla,
    int? Satisfaction,
    string? SatisfactionComment,
    DateTimeOffset? SurveySentAt)
{
    /// <summary>
    /// The view at <paramref name="now"/>. SLA states: none (no clock yet), paused (waiting on the
    /// customer), breached (the resolution time passed, or the complaint was resolved late), met
    /// (resolved in time), warning (the warning point passed), onTrack.
    /// </summary>
    public static ComplaintView From(Complaint c, string customerName, DateTimeOffset now)
    {
        var pauses = SlaRules.Pauses(c);
        var pausedSince = pauses.LastOrDefault(p => p.To is null)?.From;
        var finished = c.ResolvedAt ?? c.ClosedAt;
        var state = c.ResolutionDueAt is not { } due ? "none"
            : c.BreachedAt is not null || ((finished ?? now) > due && pausedSince is null) ? "breached"
            : ComplaintTransitions.IsFinal(c.Status) ? "met"
            : pausedSince is not null ? "paused"
            : c.WarnedAt is not null || (c.WarningAt is { } w && now >= w) ? "warning"
            : "onTrack";
        var sla = new SlaView(state, c.SlaPolicyId, c.SlaStartedAt, c.ResponseDueAt, c.RespondedAt, c.WarningAt, c.WarnedAt,
            c.ResolutionDueAt, c.BreachedAt, pausedSince, c.PausedMinutes, pauses);
        return new ComplaintView(c.Id, c.CustomerId, customerName, c.ContactId, ComplaintEvents.Camel(c.Channel.ToString()), c.Category,
            ComplaintEvents.Camel(c.Severity.ToString()), c.Description, ComplaintEvents.Camel(c.Status.ToString()), c.Priority,
            c.AssigneeId, c.EscalationLevel, c.OpenedAt, c.ResolvedAt, c.ClosedAt, c.AutoClosed, c.Resolution, c.RootCause, sla,
            c.Satisfaction, c.SatisfactionComment, c.SurveySentAt);
    }
}
