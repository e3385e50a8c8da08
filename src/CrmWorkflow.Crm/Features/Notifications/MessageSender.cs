using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Crm.Features.Notifications;

/// <summary>What one delivery round did.</summary>
public sealed record DeliveryResult(int Sent, int Retrying, int Failed);

/// <summary>
/// Delivers the outbox: claims due messages with a lease (several hosts can share it), sends
/// each and records the result. A failure is retried with doubling backoff until
/// <see cref="MessagingOptions.MaxAttempts"/>. A message marked Sent is never picked again; a
/// host that dies between sending and recording lets the lease expire and the message is sent
/// once more with the same Message-Id (and pickup file name), so the receiver can drop it.
/// </summary>
public sealed class MessageSender(IDbContextFactory<CrmDbContext> dbFactory, IMessageTransport transport,
    IOptions<MessagingOptions> options, TimeProvider clock, ILogger<MessageSender> logger)
{
    /// <summary>Sends every message due now (one batch). Returns what happened.</summary>
    public async Task<DeliveryResult> DeliverDueAsync(CancellationToken ct = default)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        var until = now + o.Lease;
        // A token per round: two rounds of one sender at once must not pick up each other's claims.
        var owner = $"sender-{Guid.NewGuid():N}";
        List<OutboundMessage> batch;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var due = await db.OutboundMessages.Where(m => m.Status == MessageStatus.Pending && m.NextAttemptAt <= now
                                                           && (m.LeaseUntil == null || m.LeaseUntil < now))
                .OrderBy(m => m.NextAttemptAt).Select(m => m.Id).Take(o.BatchSize).ToListAsync(ct);
            if (due.Count == 0) return new DeliveryResult(0, 0, 0);
            await db.OutboundMessages.Where(m => due.Contains(m.Id) && (m.LeaseUntil == null || m.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.LeaseOwner, owner).SetProperty(m => m.LeaseUntil, until), ct);
            // Read back by key: what this round claimed (another sender may have taken some first).
            // By lease alone this scanned every message ever sent.
            batch = await db.OutboundMessages.AsNoTracking().Where(m => due.Contains(m.Id) && m.LeaseOwner == owner && m.LeaseUntil == until).ToListAsync(ct);
        }
        int sent = 0, retrying = 0, failed = 0;
        foreach (var message in batch)
        {
            string? error = null;
            try
            {
                await transport.SendAsync(message, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                error = ex.Message;
            }
            var attempts = message.Attempts + 1;
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var mine = db.OutboundMessages.Where(m => m.Id == message.Id && m.LeaseOwner == owner && m.LeaseUntil == until);
            if (error is null)
            {
                sent++;
                await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, MessageStatus.Sent).SetProperty(m => m.SentAt, clock.GetUtcNow())
                    .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null).SetProperty(m => m.LastError, (string?)null), CancellationToken.None);
                continue;
            }
            var giveUp = attempts >= o.MaxAttempts;
            if (giveUp) failed++; else retrying++;
            var backoff = TimeSpan.FromTicks(Math.Min(o.MaxBackoff.Ticks, o.FirstBackoff.Ticks * (1L << Math.Min(attempts - 1, 20))));
            var text = error.Length > 2000 ? error[..2000] : error;
            logger.LogWarning("Message {MessageId} ({Template} to {Recipient}) attempt {Attempt} failed: {Error}{Next}",
                message.Id, message.Template, message.Recipient, attempts, error, giveUp ? "; giving up" : $"; retrying in {backoff}");
            await mine.ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, giveUp ? MessageStatus.Failed : MessageStatus.Pending)
                .SetProperty(m => m.Attempts, attempts).SetProperty(m => m.NextAttemptAt, clock.GetUtcNow() + backoff)
                .SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null).SetProperty(m => m.LastError, text), CancellationToken.None);
        }
        return new DeliveryResult(sent, retrying, failed);
    }
}

/// <summary>Runs <see cref="MessageSender"/> in the background.</summary>
public sealed class MessageSenderWorker(MessageSender sender, IOptions<MessagingOptions> options, TimeProvider clock,
    ILogger<MessageSenderWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var result = await sender.DeliverDueAsync(stoppingToken);
                // A full batch means more are waiting: go again at once.
                if (result.Sent + result.Retrying + result.Failed >= options.Value.BatchSize) continue;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Message delivery round failed; trying again shortly.");
            }
            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
