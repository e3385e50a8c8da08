using System.Text.Json;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>A period the SLA clock stood still (waiting on the customer); <c>To</c> is null while it lasts.</summary>
public sealed record PausePeriod(DateTimeOffset From, DateTimeOffset? To);

/// <summary>
/// How a complaint's SLA is computed. The policy comes from the customer's tier and the
/// complaint's severity; every target counts working minutes of the policy's calendar from
/// the moment the complaint was opened, plus the working minutes it waited on the customer.
/// </summary>
public static class SlaRules
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The complaint's policy and its calendar: the one its clock started with, else the one for
    /// the customer's tier and the complaint's severity. Throws when none is configured.
    /// </summary>
    public static async Task<(SlaPolicy Policy, SlaCalendar Calendar)> PolicyAsync(CrmDbContext db, Customer customer, Complaint complaint,
        CancellationToken ct = default)
    {
        var policies = db.SlaPolicies.AsNoTracking();
        var policy = (complaint.SlaPolicyId is { } id ? await policies.FirstOrDefaultAsync(p => p.Id == id, ct) : null)
                     ?? await policies.FirstOrDefaultAsync(p => p.Tier == customer.Tier && p.Severity == complaint.Severity, ct)
                     ?? throw new ArgumentException($"No SLA policy for {customer.Tier} customers and {complaint.Severity} complaints; add one to the SLA policies.");
        BusinessCalendarRecord? calendar = null;
        if (policy.CalendarId is { } calendarId)
            calendar = await db.BusinessCalendars.AsNoTracking().FirstOrDefaultAsync(c => c.Id == calendarId, ct)
                       ?? throw new ArgumentException($"SLA policy '{policy.Name}' names business calendar {calendarId}, which does not exist.");
        return (policy, new SlaCalendar(calendar?.ToEngine()));
    }

    /// <summary>Sets the due times from the policy: response, resolution and the warning at the policy's share of the resolution time.</summary>
    public static void Plan(Complaint c, SlaPolicy policy, SlaCalendar calendar)
    {
        c.SlaPolicyId = policy.Id;
        var start = c.SlaStartedAt ??= c.OpenedAt;
        var paused = c.PausedMinutes;
        c.ResponseDueAt = calendar.AddMinutes(start, policy.ResponseMinutes + paused);
        c.ResolutionDueAt = calendar.AddMinutes(start, policy.ResolutionMinutes + paused);
        var share = policy.WarningThreshold;
        c.WarningAt = share is > 0 and < 1
            ? calendar.AddMinutes(start, (int)Math.Round(policy.ResolutionMinutes * share, MidpointRounding.AwayFromZero) + paused)
            : null;
    }

    /// <summary>The recorded pauses, oldest first.</summary>
    public static List<PausePeriod> Pauses(Complaint c) =>
        string.IsNullOrWhiteSpace(c.PausedJson) ? [] : JsonSerializer.Deserialize<List<PausePeriod>>(c.PausedJson, Json) ?? [];

    /// <summary>When the current pause began, or null when the clock runs.</summary>
    public static DateTimeOffset? PausedSince(Complaint c) => Pauses(c).LastOrDefault(p => p.To is null)?.From;

    /// <summary>Stops the clock at <paramref name="at"/> (nothing happens when it is already paused).</summary>
    public static bool Pause(Complaint c, DateTimeOffset at)
    {
        var pauses = Pauses(c);
        if (pauses.Any(p => p.To is null)) return false;
        pauses.Add(new PausePeriod(at, null));
        c.PausedJson = JsonSerializer.Serialize(pauses, Json);
        return true;
    }

    /// <summary>
    /// Ends the current pause at <paramref name="at"/>: adds its working minutes to the total and
    /// moves the due times that have not passed yet by as much. Returns the minutes (0 when the
    /// clock was not paused).
    /// </summary>
    public static int Resume(Complaint c, SlaCalendar calendar, DateTimeOffset at)
    {
        var pauses = Pauses(c);
        var index = pauses.FindLastIndex(p => p.To is null);
        if (index < 0) return 0;
        var from = pauses[index].From;
        var to = at < from ? from : at;
        pauses[index] = pauses[index] with { To = to };
        c.PausedJson = JsonSerializer.Serialize(pauses, Json);
        var minutes = calendar.MinutesBetween(from, to);
        c.PausedMinutes += minutes;
        if (minutes == 0) return 0;
        // Moments already reached stay as history; the ones ahead move by the paused working time.
        if (c.RespondedAt is null && c.ResponseDueAt is { } response) c.ResponseDueAt = calendar.AddMinutes(response, minutes);
        if (c.WarnedAt is null && c.WarningAt is { } warning) c.WarningAt = calendar.AddMinutes(warning, minutes);
        if (c.BreachedAt is null && c.ResolutionDueAt is { } resolution) c.ResolutionDueAt = calendar.AddMinutes(resolution, minutes);
        return minutes;
    }
}
