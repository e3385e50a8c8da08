using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests.Support;

/// <summary>Messages queued in the app's outbox as a workflow step queues them (Notifier), for the outbox and in-app tests.</summary>
public static class Messages
{
    /// <summary>
    /// An SLA warning about complaint <paramref name="complaintId"/> to <paramref name="to"/>; <paramref name="change"/>
    /// may adjust the row before it is saved (its age, a failed delivery). Returns the message's id.
    /// </summary>
    public static async Task<string> QueueSlaWarningAsync(WebAppFixture app, MessageChannel channel, string to, long complaintId, Action<OutboundMessage>? change = null)
    {
        var notifier = app.Services.GetRequiredService<Notifier>();
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var message = notifier.Queue(db, new MessageRequest("sla-warning", channel, to, new
        {
            assignee = new { name = "Tess" },
            complaint = new { id = complaintId, customerName = "Fang Trading", severity = "high" },
            resolutionDueAt = new DateTimeOffset(2026, 11, 30, 17, 0, 0, TimeSpan.Zero),
            elapsedShare = 0.8,
        }) { RelatedType = "Complaint", RelatedId = complaintId.ToString() });
        change?.Invoke(message);
        await db.SaveChangesAsync();
        return message.Id;
    }
}
