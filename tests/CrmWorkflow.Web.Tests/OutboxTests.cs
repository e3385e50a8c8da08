using System.Net;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests;

/// <summary>/api/messages: admins see what was sent and what failed, and send a failed message again.</summary>
public sealed class OutboxTests(WebAppFixture app) : ApiTest(app)
{
    // An SLA warning by email to a unique address; with `failed`, as the sender leaves it after its last attempt.
    private Task<string> QueueAsync(string to, bool failed) =>
        Messages.QueueSlaWarningAsync(App, MessageChannel.Email, to, 42, m =>
        {
            if (failed) (m.Status, m.Attempts, m.LastError) = (MessageStatus.Failed, 8, "5.1.1 mailbox unavailable");
        });

    private static System.Text.Json.Nodes.JsonNode Item(System.Text.Json.Nodes.JsonNode? page, string id) =>
        page!["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == id)!;

    [Fact]
    public async Task Retry_FailedMessage_QueuedWithFreshAttemptsThenSentOnceAndNotAgain()
    {
        var to = $"tess-{Guid.NewGuid():N}@example.com";
        var failed = await QueueAsync(to, failed: true);
        var waiting = await QueueAsync(to, failed: false);
        var admin = await App.AdminAsync();

        var failedOnly = await (await admin.GetAsync("/api/messages?status=failed&channel=email")).ExpectAsync(HttpStatusCode.OK);
        var shown = Item(failedOnly, failed);
        Assert.Equal(("Failed", 8, "5.1.1 mailbox unavailable", "complaints/42"),
            (shown["status"]!.GetValue<string>(), shown["attempts"]!.GetValue<int>(), shown["lastError"]!.GetValue<string>(), shown["link"]!.GetValue<string>()));
        Assert.DoesNotContain(failedOnly!["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == waiting);
        Assert.True(failedOnly["failed"]!.GetValue<int>() >= 1);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/messages/{failed}/retry", null)).StatusCode);
        var requeued = Item(await (await admin.GetAsync("/api/messages?status=pending")).ExpectAsync(HttpStatusCode.OK), failed);
        Assert.Equal(0, requeued["attempts"]!.GetValue<int>());

        await App.Services.GetRequiredService<CrmWorkflow.Crm.Features.Notifications.MessageSender>().DeliverDueAsync();
        var sent = Item(await (await admin.GetAsync("/api/messages?status=sent")).ExpectAsync(HttpStatusCode.OK), failed);
        Assert.Equal(1, sent["attempts"]!.GetValue<int>());
        var again = await (await admin.PostAsync($"/api/messages/{failed}/retry", null)).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("would deliver it twice", again!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Messages_NotAnAdmin_Forbidden()
    {
        var id = await QueueAsync($"x-{Guid.NewGuid():N}@example.com", failed: true);
        var manager = await App.ManagerAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/messages")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostAsync($"/api/messages/{id}/retry", null)).StatusCode);
    }

    [Theory]
    [InlineData("status=lost", "status")]
    [InlineData("channel=fax", "channel")]
    [InlineData("status=1", "status")]
    [InlineData("page=0", "page")]
    public async Task Messages_BadFilter_Is400NamingIt(string query, string name)
    {
        var problem = await (await (await App.AdminAsync()).GetAsync($"/api/messages?{query}")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains(name, problem!["errors"]!.ToJsonString());
    }

    [Fact]
    public async Task Retry_UnknownMessage_Is404()
    {
        var problem = await (await (await App.AdminAsync()).PostAsync("/api/messages/nope/retry", null)).ExpectAsync(HttpStatusCode.NotFound);

        Assert.Contains("nope", problem!["detail"]!.GetValue<string>());
    }
}
