using System.Net;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>/api/notifications: a signed-in user's in-app messages, theirs only, marked read.</summary>
public sealed class NotificationTests(WebAppFixture app) : ApiTest(app)
{
    // An SLA warning queued in the app for the recipient, as crm.notify with channel inApp does.
    private Task<string> QueueAsync(string to, long complaintId, TimeSpan age) =>
        Messages.QueueSlaWarningAsync(App, MessageChannel.InApp, to, complaintId, m => m.CreatedAt -= age);

    [Fact]
    public async Task Get_MessagesToMyIdAndEmail_NewestFirstUnreadCountedOthersSeeNone()
    {
        var user = await App.CreateUserAsync(Roles.ClientManager);
        var older = await QueueAsync(user.Id, 41, TimeSpan.FromHours(2));
        var newer = await QueueAsync(user.Email!, 42, TimeSpan.FromHours(1));
        await QueueAsync("someone-else", 43, TimeSpan.Zero);
        var me = await App.SignInAsync(user.Email!);

        var page = await (await me.GetAsync("/api/notifications")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, page!["unread"]!.GetValue<int>());
        var items = page["items"]!.AsArray();
        Assert.Equal([newer, older], items.Select(i => i!["id"]!.GetValue<string>()));
        Assert.Equal("SLA warning: complaint 42", items[0]!["subject"]!.GetValue<string>());
        Assert.Contains("has used 80 % of its resolution time", items[0]!["text"]!.GetValue<string>());
        Assert.Equal("complaints/42", items[0]!["link"]!.GetValue<string>());
        Assert.Null(items[0]!["readAt"]);
        var other = await (await (await App.AnalystAsync()).GetAsync("/api/notifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(other!["items"]!.AsArray(), i => i!["id"]!.GetValue<string>() == newer || i!["id"]!.GetValue<string>() == older);
    }

    [Fact]
    public async Task Post_Read_OnlyMineMarkedOnceThenAllRead()
    {
        var user = await App.CreateUserAsync(Roles.ClientManager);
        var first = await QueueAsync(user.Id, 51, TimeSpan.FromMinutes(5));
        await QueueAsync(user.Id, 52, TimeSpan.Zero);
        var me = await App.SignInAsync(user.Email!);

        var notMine = await (await (await App.AnalystAsync()).PostAsync($"/api/notifications/{first}/read", null)).ExpectAsync(HttpStatusCode.NotFound);
        Assert.Contains(first, notMine!["detail"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await me.PostAsync($"/api/notifications/{first}/read", null)).StatusCode);
        var readAt = (await (await me.GetAsync("/api/notifications")).ExpectAsync(HttpStatusCode.OK))!["items"]!.AsArray()
            .Single(i => i!["id"]!.GetValue<string>() == first)!["readAt"]!.GetValue<DateTimeOffset>();
        Assert.Equal(HttpStatusCode.NoContent, (await me.PostAsync($"/api/notifications/{first}/read", null)).StatusCode);

        var unreadOnly = await (await me.GetAsync("/api/notifications?unread=true")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, unreadOnly!["unread"]!.GetValue<int>());
        Assert.Equal("SLA warning: complaint 52", Assert.Single(unreadOnly["items"]!.AsArray())!["subject"]!.GetValue<string>());
        var all = await (await me.PostAsync("/api/notifications/read-all", null)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, all!["marked"]!.GetValue<int>());
        var after = await (await me.GetAsync("/api/notifications")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, after!["unread"]!.GetValue<int>());
        // Reading again kept the first moment it was read.
        Assert.Equal(readAt, after["items"]!.AsArray().Single(i => i!["id"]!.GetValue<string>() == first)!["readAt"]!.GetValue<DateTimeOffset>());
    }

    [Theory]
    [InlineData("take=0")]
    [InlineData("take=201")]
    public async Task Get_TakeOutOfRange_Is400NamingTake(string query)
    {
        var problem = await (await (await App.ManagerAsync()).GetAsync($"/api/notifications?{query}")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("take", problem!["errors"]!.ToJsonString());
    }
}
