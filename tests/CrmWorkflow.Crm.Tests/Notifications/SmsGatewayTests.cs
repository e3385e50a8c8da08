using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Notifications;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities.Core;
using CrmWorkflow.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Crm.Tests.Notifications;

/// <summary>SMS delivered to an HTTP gateway on 127.0.0.1: once, with retries, only to allow-listed hosts.</summary>
public sealed class SmsGatewayTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static Task<CrmProcessHost> StartAsync(string url, params string[] allowed) => CrmProcessHost.StartAsync(Monday, importWorkflows: false, configure: s =>
    {
        s.Configure<MessagingOptions>(o =>
        {
            o.Sms.Url = url;
            o.Sms.ApiKey = "key-123";
            o.Sms.From = "CrmWorkflow";
            o.Sms.Timeout = TimeSpan.FromSeconds(10);
            o.FirstBackoff = TimeSpan.FromSeconds(30);
        });
        s.Configure<HttpActivityOptions>(o => o.AllowedHosts.AddRange(allowed));
    });

    private static async Task<string> QueueSmsAsync(CrmProcessHost host)
    {
        var notifier = host.Services.GetRequiredService<Notifier>();
        await using var db = host.Db();
        var id = notifier.Queue(db, new MessageRequest("lead-assigned", MessageChannel.Sms, "+4915112345678", new
        {
            manager = new { name = "Ana" },
            lead = new { id = 7, personName = "Person 7", companyName = (string?)null, region = "East", industry = "Retail", productInterest = (string?)null, estimatedValue = 1000, score = 10 },
            dueAt = Monday.AddHours(4),
            explanation = "test",
        })).Id;
        await db.SaveChangesAsync();
        return id;
    }

    private static async Task<OutboundMessage> ReadAsync(CrmProcessHost host, string id)
    {
        await using var db = host.Db();
        return await db.OutboundMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    [Fact]
    public async Task Deliver_SmsWithGateway_PostedOnceWithKeyAndNoPickupFile()
    {
        await using var gateway = new TestHttpServer().Respond(202);
        await using var host = await StartAsync(gateway.Url("messages"), "127.0.0.1");
        var id = await QueueSmsAsync(host);

        Assert.Equal(new DeliveryResult(1, 0, 0), await host.Services.GetRequiredService<MessageSender>().DeliverDueAsync());
        host.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(new DeliveryResult(0, 0, 0), await host.Services.GetRequiredService<MessageSender>().DeliverDueAsync());

        var (method, path, text, headers) = Assert.Single(gateway.Requests);
        Assert.Equal(("POST", "/messages"), (method, path));
        var body = JsonNode.Parse(text)!;
        Assert.Equal("+4915112345678", (string?)body["to"]);
        Assert.Equal("CrmWorkflow", (string?)body["from"]);
        Assert.Equal(id, (string?)body["reference"]);
        Assert.Contains("Person 7", (string?)body["text"]);
        Assert.Equal(id, headers["Idempotency-Key"]);
        Assert.Equal("Bearer key-123", headers["Authorization"]);
        var sent = await ReadAsync(host, id);
        Assert.Equal((MessageStatus.Sent, 1), (sent.Status, sent.Attempts));
        Assert.False(Directory.Exists(Path.Combine(host.PickupFolder, "sms")));
    }

    [Fact]
    public async Task Deliver_GatewayFailsOnce_RetriedAfterBackoffWithTheSameKeyAndTheErrorKept()
    {
        await using var gateway = new TestHttpServer().Respond(503, """{"error":"carrier unavailable"}""");
        await using var host = await StartAsync(gateway.Url("messages"), "127.0.0.1");
        var sender = host.Services.GetRequiredService<MessageSender>();
        var id = await QueueSmsAsync(host);

        Assert.Equal(new DeliveryResult(0, 1, 0), await sender.DeliverDueAsync());
        var waiting = await ReadAsync(host, id);
        Assert.Equal((MessageStatus.Pending, 1, Monday.AddSeconds(30)), (waiting.Status, waiting.Attempts, waiting.NextAttemptAt));
        Assert.Contains("503", waiting.LastError);
        Assert.Contains("carrier unavailable", waiting.LastError);

        host.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(new DeliveryResult(1, 0, 0), await sender.DeliverDueAsync());
        Assert.Equal([id, id], gateway.Requests.Select(r => r.Headers["Idempotency-Key"]));
        Assert.Equal((MessageStatus.Sent, 2, (string?)null), ((await ReadAsync(host, id)).Status, (await ReadAsync(host, id)).Attempts, (await ReadAsync(host, id)).LastError));
    }

    [Fact]
    public async Task Start_GatewayHostNotAllowListed_RefusedWithTheReasonAndNothingPosted()
    {
        await using var gateway = new TestHttpServer();
        await using var host = await StartAsync(gateway.Url("messages"), "sms.example.com");

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value);
        Assert.Contains("'127.0.0.1' is not on the outbound HTTP allow-list (Workflow:Http:AllowedHosts)", refused.Message);
        Assert.Empty(gateway.Requests);
    }

    [Fact]
    public async Task Start_GatewayUrlNotHttp_RefusedWithTheReason()
    {
        await using var host = await StartAsync("ftp://127.0.0.1/sms", "127.0.0.1");

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value);
        Assert.Contains("is not an absolute http(s) URL", refused.Message);
    }
}
