using System.Net;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Idempotency-Key on the POSTs that start or resume work.</summary>
public sealed class IdempotencyTests(WebAppFixture app) : ApiTest(app)
{
    private static HttpRequestMessage Start(string id, string key) =>
        new(HttpMethod.Post, $"/api/workflows/{id}/instances")
        {
            Content = Http.Json("""{ "input": { "customer": "Acme" } }"""),
            Headers = { { "Idempotency-Key", key } },
        };

    private static async Task<int> CountAsync(HttpClient client, string id) =>
        (await (await client.GetAsync($"/api/instances?definitionId={id}")).ExpectAsync(HttpStatusCode.OK))!["total"]!.GetValue<int>();

    [Fact]
    public async Task StartInstance_RepeatedKey_ReturnsFirstAnswerAndStartsOnce()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Approval(id));

        var first = await analyst.SendAsync(Start(id, "order-1"));
        var firstBody = await first.Content.ReadAsStringAsync();
        var repeat = await analyst.SendAsync(Start(id, "order-1"));
        var repeatBody = await repeat.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, repeat.StatusCode);
        Assert.Equal(firstBody, repeatBody);
        Assert.Equal(1, await CountAsync(analyst, id));
        Assert.Single(await (await App.ManagerAsync()).TaskIdsAsync());
        var fresh = await analyst.SendAsync(Start(id, "order-2"));
        Assert.Equal(HttpStatusCode.Created, fresh.StatusCode);
        Assert.Equal(2, await CountAsync(analyst, id));
    }

    [Fact]
    public async Task StartInstance_RepeatedKey_RepeatKeepsLocationHeader()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Instant(id));

        var first = await analyst.SendAsync(Start(id, "k-location"));
        var repeat = await analyst.SendAsync(Start(id, "k-location"));

        Assert.NotNull(first.Headers.Location);
        Assert.Equal(first.Headers.Location, repeat.Headers.Location);
    }

    [Fact]
    public async Task StartInstance_SameKeyOnAnotherUrl_Answers422AndStartsNothing()
    {
        var analyst = await App.AnalystAsync();
        var one = TestFlows.NewId();
        var two = TestFlows.NewId();
        await analyst.PublishAsync(one, TestFlows.Instant(one));
        await analyst.PublishAsync(two, TestFlows.Instant(two));
        await (await analyst.SendAsync(Start(one, "shared"))).ExpectAsync(HttpStatusCode.Created);

        var reused = await analyst.SendAsync(Start(two, "shared"));

        await reused.ExpectAsync(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(0, await CountAsync(analyst, two));
    }

    [Fact]
    public async Task StartInstance_SameKeyFromAnotherUser_IsTheirOwnRequest()
    {
        var analyst = await App.AnalystAsync();
        var admin = await App.AdminAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Instant(id));

        await (await analyst.SendAsync(Start(id, "same"))).ExpectAsync(HttpStatusCode.Created);
        await (await admin.SendAsync(Start(id, "same"))).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(2, await CountAsync(analyst, id));
    }

    [Fact]
    public async Task CompleteTask_RepeatedKey_ReplaysSuccessInsteadOf409()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Approval(id));
        var task = await analyst.StartTaskAsync(id);
        var manager = await App.ManagerAsync();
        HttpRequestMessage Complete() => new(HttpMethod.Post, $"/api/tasks/{task}/complete")
        {
            Content = Http.Json("""{ "outcome": "approved", "data": { "notes": "ok" } }"""),
            Headers = { { "Idempotency-Key", "complete-1" } },
        };

        var first = await (await manager.SendAsync(Complete())).ExpectAsync(HttpStatusCode.OK);
        var repeat = await (await manager.SendAsync(Complete())).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(first!.ToJsonString(), repeat!.ToJsonString());
        Assert.Equal("Finished", repeat["status"]!.GetValue<string>());
    }
}
