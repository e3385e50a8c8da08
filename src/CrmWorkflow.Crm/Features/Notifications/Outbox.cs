using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Notifications;

/// <summary>One queued, sent or failed message as the outbox page shows it.</summary>
public sealed record OutboxItem(string Id, MessageChannel Channel, string Recipient, string? RecipientName, string Subject, string Template,
    MessageStatus Status, int Attempts, DateTimeOffset CreatedAt, DateTimeOffset NextAttemptAt, DateTimeOffset? SentAt, string? LastError,
    string? RelatedType, string? RelatedId, string? Link);

/// <summary>A page of the outbox, newest first; <see cref="TotalIsLowerBound"/> when counting stopped at <see cref="Outbox.CountLimit"/>.</summary>
public sealed record OutboxPage(IReadOnlyList<OutboxItem> Items, int Total, bool TotalIsLowerBound, int Pending, int Failed);

/// <summary>What happened to a retry request.</summary>
public enum RetryOutcome { Queued, NotFound, AlreadySent, Sending }

/// <summary>
/// The outbox for admins: every message the workflows queued, newest first, filtered by status and
/// channel, with why a delivery failed; a failed (or waiting) message can be sent again at once.
/// </summary>
public sealed class Outbox(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Counting stops here (a busy outbox holds a message per lead).</summary>
    public const int CountLimit = 10_000;

    public async Task<OutboxPage> ListAsync(MessageStatus? status, MessageChannel? channel, int page, int pageSize, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.OutboundMessages.AsNoTracking();
        if (status is { } s) query = query.Where(m => m.Status == s);
        if (channel is { } c) query = query.Where(m => m.Channel == c);
        // Ids are time-ordered (UUID v7 from the queueing moment): by id is newest first, along the key.
        var rows = await query.OrderByDescending(m => m.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        var total = await query.Select(m => m.Id).Take(CountLimit + 1).CountAsync(ct);
        var pending = await db.OutboundMessages.CountAsync(m => m.Status == MessageStatus.Pending, ct);
        var failed = await db.OutboundMessages.CountAsync(m => m.Status == MessageStatus.Failed, ct);
        return new OutboxPage(rows.Select(m => new OutboxItem(m.Id, m.Channel, m.Recipient, m.RecipientName, m.Subject, m.Template, m.Status, m.Attempts,
                m.CreatedAt, m.NextAttemptAt, m.SentAt, m.LastError, m.RelatedType, m.RelatedId, InAppNotifications.LinkTo(m.RelatedType, m.RelatedId))).ToList(),
            Math.Min(total, CountLimit), total > CountLimit, pending, failed);
    }

    /// <summary>A message's body as its recipient gets it (HTML bodies as text); null when there is no such message.</summary>
    public async Task<string?> BodyAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var message = await db.OutboundMessages.AsNoTracking().Where(m => m.Id == id).Select(m => new { m.Body, m.IsHtml }).FirstOrDefaultAsync(ct);
        return message is null ? null : message.IsHtml ? InAppNotifications.TextOf(message.Body) : message.Body;
    }

    /// <summary>
    /// Puts a failed or waiting message back in line now, with a fresh series of attempts (the last
    /// error stays until the next try). A sent message is not sent again: that would deliver it twice;
    /// nor is one a sender holds right now (its lease), which would go out twice as well.
    /// </summary>
    public async Task<RetryOutcome> RetryAsync(string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var changed = await db.OutboundMessages.Where(m => m.Id == id && m.Status != MessageStatus.Sent && (m.LeaseUntil == null || m.LeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Pending).SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null).SetProperty(m => m.LeaseOwner, (string?)null), ct);
        if (changed == 1) return RetryOutcome.Queued;
        var status = await db.OutboundMessages.Where(m => m.Id == id).Select(m => (MessageStatus?)m.Status).FirstOrDefaultAsync(ct);
        return status switch { null => RetryOutcome.NotFound, MessageStatus.Sent => RetryOutcome.AlreadySent, _ => RetryOutcome.Sending };
    }
}
