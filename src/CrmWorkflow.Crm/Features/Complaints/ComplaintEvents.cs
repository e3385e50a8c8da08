using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>
/// The events of complaint handling. Each is correlated by the complaint id (as text), so a
/// workflow waits for "this complaint's" status change or survey answer.
/// </summary>
public static class ComplaintEvents
{
    /// <summary>A complaint arrived (any channel); starts the complaint-handling workflow.</summary>
    public const string Received = "complaint.received";

    /// <summary>A complaint's status changed; the SLA clock listens to pause, resume or stop.</summary>
    public const string StatusChanged = "complaint.statusChanged";

    /// <summary>A person asks to escalate a complaint one level: { complaintId, reason, requestedBy, at }; the SLA clock listens.</summary>
    public const string EscalationRequested = "complaint.escalationRequested";

    /// <summary>The customer answered the satisfaction survey: { score, comment }.</summary>
    public const string SurveyAnswered = "survey.answered";

    /// <summary>The correlation key of a complaint's events.</summary>
    public static string Correlation(long complaintId) => complaintId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Payload of <see cref="Received"/>: the complaint as registered (the workflow's input).</summary>
    public static JsonObject ReceivedPayload(Complaint c) => new()
    {
        ["complaintId"] = c.Id,
        ["customerId"] = c.CustomerId,
        ["contactId"] = c.ContactId,
        ["channel"] = Camel(c.Channel.ToString()),
        ["category"] = c.Category,
        ["severity"] = Camel(c.Severity.ToString()),
        ["description"] = c.Description,
        ["openedAt"] = c.OpenedAt,
    };

    /// <summary>Payload of <see cref="StatusChanged"/>.</summary>
    public static JsonObject StatusChangedPayload(Complaint c, ComplaintStatus previous, DateTimeOffset at, string? note) => new()
    {
        ["complaintId"] = c.Id,
        ["status"] = Camel(c.Status.ToString()),
        ["previousStatus"] = Camel(previous.ToString()),
        ["at"] = at,
        ["note"] = note,
    };

    /// <summary>Payload of <see cref="SurveyAnswered"/>.</summary>
    public static JsonObject SurveyAnsweredPayload(long complaintId, int score, string? comment) => new()
    {
        ["complaintId"] = complaintId,
        ["score"] = score,
        ["comment"] = comment,
    };

    /// <summary>Enum names as the API and workflows write them (waitingOnCustomer, high).</summary>
    public static string Camel(string name) => name.Length == 0 ? name : char.ToLowerInvariant(name[0]) + name[1..];
}
