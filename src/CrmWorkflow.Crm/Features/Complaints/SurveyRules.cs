using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>When a satisfaction survey is sent, and what an answer must look like (API and activity alike).</summary>
public static class SurveyRules
{
    /// <summary>Longest comment kept.</summary>
    public const int MaxComment = 2000;

    /// <summary>
    /// Why no survey may be sent now, or null: only resolved or closed complaints, never one the
    /// system closed, never twice for one complaint, never twice to one contact (or, without a
    /// contact, one customer) within <paramref name="days"/>, and only with an address.
    /// </summary>
    public static async Task<string?> SuppressionAsync(CrmDbContext db, Complaint c, string? email, DateTimeOffset now, int days,
        CancellationToken ct = default)
    {
        if (!ComplaintTransitions.IsFinal(c.Status)) return "notResolved";
        if (c.AutoClosed) return "autoClosed";
        if (c.SurveySentAt is not null) return "alreadySent";
        var since = now.AddDays(-Math.Max(0, days));
        var recent = c.ContactId is { } contactId
            ? db.Complaints.Where(o => o.ContactId == contactId)
            : db.Complaints.Where(o => o.CustomerId == c.CustomerId && o.ContactId == null);
        if (await recent.AnyAsync(o => o.Id != c.Id && o.SurveySentAt != null && o.SurveySentAt > since, ct)) return "recentlySurveyed";
        return string.IsNullOrWhiteSpace(email) ? "noEmail" : null;
    }

    /// <summary>Why an answer is not valid, or null: the score is a whole number 1-5, the comment is text.</summary>
    public static string? AnswerProblem(JsonNode? score, JsonNode? comment, out int value)
    {
        value = 0;
        if (score is not JsonValue s || s.GetValueKind() != JsonValueKind.Number || !s.TryGetValue<decimal>(out var d) || d != decimal.Truncate(d))
            return "The score must be a whole number from 1 to 5.";
        if (d is < 1 or > 5) return $"The score must be from 1 to 5, not {d}.";
        value = (int)d;
        if (comment is not null && comment.GetValueKind() is not (JsonValueKind.String or JsonValueKind.Null)) return "The comment must be text.";
        return null;
    }

    /// <summary>The comment, trimmed and cut to what the complaint keeps.</summary>
    public static string? Comment(JsonNode? comment)
    {
        var text = comment?.GetValueKind() == JsonValueKind.String ? comment.GetValue<string>().Trim() : null;
        return string.IsNullOrEmpty(text) ? null : text.Length <= MaxComment ? text : text[..MaxComment];
    }
}
