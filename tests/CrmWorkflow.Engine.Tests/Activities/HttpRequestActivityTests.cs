using CrmWorkflow.Engine.Activities.Core;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;
using CrmWorkflow.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Engine.Tests.Activities;

// Every request goes to a listener on 127.0.0.1 owned by the test.
public sealed class HttpRequestActivityTests : IAsyncDisposable
{
    private readonly TestHttpServer _server = new();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static IServiceProvider Allowing(params string[] hosts)
    {
        var services = new ServiceCollection();
        services.Configure<HttpActivityOptions>(o => o.AllowedHosts.AddRange(hosts));
        return services.BuildServiceProvider();
    }

    private static CompiledWorkflow Call(TestEngine engine, string url, string extra = "") => engine.Compile(Flow.Of($$$"""
        { "id": "start", "type": "core.start" },
        { "id": "call", "type": "core.httpRequest", "inputs": { "url": "{{{url}}}" {{{extra}}} } },
        { "id": "ok",  "type": "core.log", "inputs": { "message": { "template": "name={{ outputs.call.body.name }}" } } },
        { "id": "bad", "type": "core.log", "inputs": { "message": "failed" } }
        """, """
        { "from": "start", "to": "call" },
        { "from": "call", "port": "success", "to": "ok" }, { "from": "call", "port": "failure", "to": "bad" }
        """));

    [Fact]
    public async Task HttpRequest_HostNotAllowListed_FaultsAndSendsNothing()
    {
        var engine = new TestEngine(services: Allowing("api.example.com"));
        var flow = Call(engine, _server.Url("customers/1"));

        var (state, _) = await engine.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Faulted, state.Status);
        Assert.Contains("allow-list", state.Incident!.Message);
        Assert.Contains("127.0.0.1", state.Incident.Message);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task HttpRequest_NoOptionsRegistered_AllowsNoHost()
    {
        var engine = new TestEngine(services: new ServiceCollection().BuildServiceProvider());
        var flow = Call(engine, _server.Url());

        var (state, _) = await engine.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Faulted, state.Status);
        Assert.Empty(_server.Requests);
    }

    [Fact]
    public async Task Retry_AfterHostIsAllowListed_SendsRequestAndContinues()
    {
        var engine = new TestEngine(services: Allowing("api.example.com"));
        var flow = Call(engine, _server.Url("customers/1"));
        var (state, _) = await engine.StartAsync(flow);
        _server.Respond(200, """{ "name": "Contoso" }""");

        await engine.Executor.RetryAsync(flow, state, Allowing("127.0.0.1"), TestContext.Current.CancellationToken);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task HttpRequest_Success_FollowsSuccessWithParsedJsonBody()
    {
        var engine = new TestEngine(services: Allowing("127.0.0.1"));
        var flow = Call(engine, _server.Url("customers/1"));
        _server.Respond(200, """{ "name": "Contoso", "open": 3 }""");

        var (state, effects) = await engine.StartAsync(flow);

        Assert.Equal(["start", "call", "ok"], effects.Journal.Select(j => j.ActivityId));
        var outputs = state.Outputs["call"]!;
        Assert.Equal(200, outputs["statusCode"]!.GetValue<int>());
        Assert.Equal(3, outputs["body"]!["open"]!.GetValue<int>());
        Assert.Equal(1, outputs["attempts"]!.GetValue<int>());
        Assert.Equal("name=Contoso", state.Outputs["ok"]!["message"]!.GetValue<string>());
        Assert.Equal(("GET", "/customers/1"), _server.Requests.Select(r => (r.Method, r.Path)).Single());
    }

    [Fact]
    public async Task HttpRequest_PostWithObjectBody_SendsJson()
    {
        var engine = new TestEngine(services: Allowing("127.0.0.1"));
        var flow = Call(engine, _server.Url("leads"), """, "method": "post", "body": { "expr": "{ name: 'Ada' }" }""");

        await engine.StartAsync(flow);

        var request = Assert.Single(_server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("""{"name":"Ada"}""", request.Body);
    }

    [Fact]
    public async Task HttpRequest_ServerErrorThenOkWithOneRetry_SucceedsOnSecondAttempt()
    {
        var engine = new TestEngine(services: Allowing("127.0.0.1"));
        var flow = Call(engine, _server.Url(), """, "retries": 1, "backoff": "PT0S" """);
        _server.Respond(500, "oops", "text/plain").Respond(200, """{ "name": "Fabrikam" }""");

        var (state, effects) = await engine.StartAsync(flow);

        Assert.Equal("ok", effects.Journal[^1].ActivityId);
        Assert.Equal(2, state.Outputs["call"]!["attempts"]!.GetValue<int>());
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task HttpRequest_ServerErrorWithRetry_WaitsBackoffOnInjectedClock()
    {
        var engine = new TestEngine(services: Allowing("127.0.0.1"));
        var flow = Call(engine, _server.Url(), """, "retries": 1, "backoff": "PT10S" """);
        _server.Respond(503, "busy", "text/plain").Respond(200, """{ "name": "Fabrikam" }""");

        var ct = TestContext.Current.CancellationToken;
        var run = engine.StartAsync(flow);
        while (_server.Requests.IsEmpty) await Task.Delay(10, ct);
        await Task.Delay(200, ct);
        engine.Clock.Advance(TimeSpan.FromSeconds(9));
        await Task.Delay(200, ct);
        Assert.False(run.IsCompleted);
        Assert.Single(_server.Requests);
        // One more second of fake time ends the backoff (advanced in steps in case the timer started late).
        for (var i = 0; i < 50 && !run.IsCompleted; i++)
        {
            engine.Clock.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(50, ct);
        }
        var (state, _) = await run.WaitAsync(TimeSpan.FromSeconds(10), ct);

        Assert.Equal(2, state.Outputs["call"]!["attempts"]!.GetValue<int>());
        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }

    [Fact]
    public async Task HttpRequest_NotFound_FollowsFailureWithoutRetrying()
    {
        var engine = new TestEngine(services: Allowing("127.0.0.1"));
        var flow = Call(engine, _server.Url("missing"), """, "retries": 3, "backoff": "PT0S" """);
        _server.Respond(404, """{ "error": "no such customer" }""");

        var (state, effects) = await engine.StartAsync(flow);

        Assert.Equal("bad", effects.Journal[^1].ActivityId);
        var outputs = state.Outputs["call"]!;
        Assert.Equal(404, outputs["statusCode"]!.GetValue<int>());
        Assert.Equal(1, outputs["attempts"]!.GetValue<int>());
        Assert.Contains("404", outputs["error"]!.GetValue<string>());
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task HttpRequest_ServerErrorsExhaustRetries_FollowsFailure()
    {
        var engine = new TestEngine(services: Allowing("127.0.0.1"));
        var flow = Call(engine, _server.Url(), """, "retries": 1, "backoff": "PT0S" """);
        _server.Respond(500).Respond(502);

        var (state, effects) = await engine.StartAsync(flow);

        Assert.Equal("bad", effects.Journal[^1].ActivityId);
        Assert.Equal(502, state.Outputs["call"]!["statusCode"]!.GetValue<int>());
        Assert.Equal(2, state.Outputs["call"]!["attempts"]!.GetValue<int>());
    }
}
