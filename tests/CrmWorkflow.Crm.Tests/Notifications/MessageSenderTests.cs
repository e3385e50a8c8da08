using System.Net;
using System.Net.Sockets;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Crm.Tests.Notifications;

/// <summary>Delivery of the outbox over SMTP (MailKit against a server on 127.0.0.1).</summary>
public sealed class MessageSenderTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static object Model(int i) => new
    {
        manager = new { name = "Ana" },
        lead = new { id = i, personName = $"Person {i}", companyName = (string?)null, region = "East", industry = "Retail", productInterest = (string?)null, estimatedValue = 1000, score = 10 },
        dueAt = Monday.AddHours(4),
        explanation = "test",
    };

    // A port nothing listens on: the SMTP server is down.
    private static int ClosedPort() => CrmWorkflow.Tests.Shared.TestHttpServer.FreePort();

    private static Task<CrmProcessHost> StartAsync(int port, int maxAttempts = 8) => CrmProcessHost.StartAsync(Monday, importWorkflows: false, configure: s =>
        s.Configure<MessagingOptions>(o =>
        {
            o.Smtp.Host = "127.0.0.1";
            o.Smtp.Port = port;
            o.Smtp.UseTls = false;
            o.Smtp.Timeout = TimeSpan.FromSeconds(10);
            o.MaxAttempts = maxAttempts;
            o.FirstBackoff = TimeSpan.FromSeconds(30);
        }));

    private static async Task<List<string>> QueueAsync(CrmProcessHost host, int count)
    {
        var notifier = host.Services.GetRequiredService<Notifier>();
        await using var db = host.Db();
        var ids = Enumerable.Range(1, count)
            .Select(i => notifier.Queue(db, new MessageRequest("lead-assigned", MessageChannel.Email, $"m{i}@example.com", Model(i)) { RecipientName = "Ana" }).Id)
            .ToList();
        await db.SaveChangesAsync();
        return ids;
    }

    private static async Task<OutboundMessage> ReadAsync(CrmProcessHost host, string id)
    {
        await using var db = host.Db();
        return await db.OutboundMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    [Fact]
    public async Task Deliver_SmtpDown_RetriesWithDoublingBackoffThenSendsOnceWhenServerIsBack()
    {
        await using var host = await StartAsync(ClosedPort());
        var sender = host.Services.GetRequiredService<MessageSender>();
        var id = (await QueueAsync(host, 1))[0];

        Assert.Equal(new DeliveryResult(0, 1, 0), await sender.DeliverDueAsync());
        var first = await ReadAsync(host, id);
        Assert.Equal((MessageStatus.Pending, 1, Monday.AddSeconds(30)), (first.Status, first.Attempts, first.NextAttemptAt));
        Assert.False(string.IsNullOrEmpty(first.LastError));
        Assert.Equal(new DeliveryResult(0, 0, 0), await sender.DeliverDueAsync());

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(new DeliveryResult(0, 1, 0), await sender.DeliverDueAsync());
        Assert.Equal(Monday.AddSeconds(30 + 60), (await ReadAsync(host, id)).NextAttemptAt);

        await using var smtp = new LoopbackSmtpServer();
        host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value.Smtp.Port = smtp.Port;
        host.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(new DeliveryResult(1, 0, 0), await sender.DeliverDueAsync());
        host.Clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(new DeliveryResult(0, 0, 0), await sender.DeliverDueAsync());

        var sent = await ReadAsync(host, id);
        Assert.Equal((MessageStatus.Sent, 3, (string?)null), (sent.Status, sent.Attempts, sent.LastError));
        var received = Assert.Single(smtp.Messages);
        Assert.Contains($"Message-Id: <{id}@crmworkflow>", received, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Subject: New lead: Person 1", received);
    }

    [Fact]
    public async Task Deliver_FailsEveryTime_GivesUpAfterMaxAttemptsWithTheError()
    {
        await using var host = await StartAsync(ClosedPort(), maxAttempts: 3);
        var sender = host.Services.GetRequiredService<MessageSender>();
        var id = (await QueueAsync(host, 1))[0];

        for (var i = 0; i < 3; i++)
        {
            await sender.DeliverDueAsync();
            host.Clock.Advance(TimeSpan.FromHours(1));
        }

        var failed = await ReadAsync(host, id);
        Assert.Equal((MessageStatus.Failed, 3), (failed.Status, failed.Attempts));
        Assert.False(string.IsNullOrEmpty(failed.LastError));
        Assert.Equal(new DeliveryResult(0, 0, 0), await sender.DeliverDueAsync());
    }

    [Fact]
    public async Task Deliver_TwoSendersOnOneOutbox_EveryMessageSentExactlyOnce()
    {
        await using var smtp = new LoopbackSmtpServer();
        await using var host = await StartAsync(smtp.Port);
        var ids = await QueueAsync(host, 120);
        var one = host.Services.GetRequiredService<MessageSender>();
        var two = new MessageSender(host.Database.Factory, host.Services.GetRequiredService<IMessageTransport>(),
            host.Services.GetRequiredService<IOptions<MessagingOptions>>(), host.Clock, NullLogger<MessageSender>.Instance);

        async Task DrainAsync(MessageSender sender)
        {
            while ((await sender.DeliverDueAsync()).Sent > 0) { }
        }
        await Task.WhenAll(DrainAsync(one), DrainAsync(two), DrainAsync(one));

        Assert.Equal(120, smtp.Messages.Count);
        var messageIds = smtp.Messages.Select(m => m.Split('\n').First(l => l.StartsWith("Message-Id:", StringComparison.OrdinalIgnoreCase)).Trim()).ToList();
        Assert.Equal(120, messageIds.Distinct().Count());
        await using var db = host.Db();
        Assert.Equal(120, await db.OutboundMessages.CountAsync(m => m.Status == MessageStatus.Sent && m.Attempts == 1));
    }
}
