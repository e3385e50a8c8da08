using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>
/// Which status changes a complaint allows and what each one records. One rule set for the
/// status API and the workflow's <c>crm.updateComplaint</c>, so both move a complaint the same way.
/// </summary>
public static class ComplaintTransitions
{
    private static readonly Dictionary<ComplaintStatus, ComplaintStatus[]> Allowed = new()
    {
        [ComplaintStatus.New] = [ComplaintStatus.Acknowledged, ComplaintStatus.InProgress, ComplaintStatus.WaitingOnCustomer, ComplaintStatus.Resolved, ComplaintStatus.Closed],
        [ComplaintStatus.Acknowledged] = [ComplaintStatus.InProgress, ComplaintStatus.WaitingOnCustomer, ComplaintStatus.Resolved, ComplaintStatus.Closed],
        [ComplaintStatus.InProgress] = [ComplaintStatus.WaitingOnCustomer, ComplaintStatus.Resolved, ComplaintStatus.Closed],
        [ComplaintStatus.WaitingOnCustomer] = [ComplaintStatus.InProgress, ComplaintStatus.Resolved, ComplaintStatus.Closed],
        [ComplaintStatus.Reopened] = [ComplaintStatus.Acknowledged, ComplaintStatus.InProgress, ComplaintStatus.WaitingOnCustomer, ComplaintStatus.Resolved, ComplaintStatus.Closed],
        [ComplaintStatus.Resolved] = [ComplaintStatus.Closed],
        [ComplaintStatus.Closed] = [],
    };

    /// <summary>The statuses a person or workflow may set, as they are written in requests.</summary>
    public static readonly string[] Names = ["acknowledged", "inProgress", "waitingOnCustomer", "resolved", "closed"];

    /// <summary>True when the SLA clock has nothing left to time.</summary>
    public static bool IsFinal(ComplaintStatus status) => status is ComplaintStatus.Resolved or ComplaintStatus.Closed;

    /// <summary>Reads a requested status; "acknowledge" is accepted for "acknowledged".</summary>
    public static bool TryParse(string? text, out ComplaintStatus status)
    {
        status = default;
        var t = text?.Trim();
        if (string.Equals(t, "acknowledge", StringComparison.OrdinalIgnoreCase)) t = "acknowledged";
        return t is not null && Names.Contains(t, StringComparer.OrdinalIgnoreCase) && Enum.TryParse(t, true, out status);
    }

    /// <summary>Why the change is not allowed, or null when it is.</summary>
    public static string? Refusal(ComplaintStatus from, ComplaintStatus to)
    {
        if (from == to) return $"The complaint is already {Describe(to)}.";
        return Allowed[from].Contains(to)
            ? null
            : $"A complaint that is {Describe(from)} cannot become {Describe(to)}" +
              (Allowed[from].Length == 0 ? "." : $"; it can become {string.Join(" or ", Allowed[from].Select(Describe))}.");
    }

    /// <summary>Changes the status and stamps the moments it stands for. Call only when <see cref="Refusal"/> is null.</summary>
    public static void Apply(Complaint c, ComplaintStatus to, DateTimeOffset now, string? resolution = null, string? rootCause = null,
        bool autoClosed = false)
    {
        // The first change made by a person (or by a workflow on their behalf) is the response;
        // the system closing a silent complaint is not.
        if (to != ComplaintStatus.Closed || !autoClosed) c.RespondedAt ??= now;
        c.Status = to;
        if (to == ComplaintStatus.Resolved) c.ResolvedAt = now;
        if (to == ComplaintStatus.Closed)
        {
            c.ClosedAt = now;
            c.AutoClosed = autoClosed;
        }
        // The API checks lengths; text arriving from a workflow is cut to what the columns hold.
        if (!string.IsNullOrWhiteSpace(resolution)) c.Resolution = Cut(resolution.Trim(), MaxResolution);
        if (!string.IsNullOrWhiteSpace(rootCause)) c.RootCause = Cut(rootCause.Trim(), MaxRootCause);
    }

    /// <summary>Longest resolution text kept.</summary>
    public const int MaxResolution = 4000;

    /// <summary>Longest root cause kept.</summary>
    public const int MaxRootCause = 200;

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];

    /// <summary>A status as a person reads it.</summary>
    public static string Describe(ComplaintStatus status) => status switch
    {
        ComplaintStatus.WaitingOnCustomer => "waiting on the customer",
        ComplaintStatus.InProgress => "in progress",
        _ => status.ToString().ToLowerInvariant(),
    };
}
