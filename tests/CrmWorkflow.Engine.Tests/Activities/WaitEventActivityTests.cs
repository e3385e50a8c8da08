using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

public class WaitEventActivityTests
{
    private readonly TestEngine _engine = new();

    private CompiledWorkflow WaitFor(string extraInputs = "") => _engine.Compile(Flow.Of($$$"""
        { "id": "start", "type": "core.start" },
        { "id": "reply", "type": "core.waitEvent", "inputs": { "event": "customer.replied", "correlation": { "expr": "input.customerId" } {{{extraInputs}}} } },
        { "id": "onReply",   "type": "core.log", "inputs": { "message": { "template": "Got {{ outputs.reply.payload.text }}" } } },
        { "id": "onTimeout", "type": "core.log", "inputs": { "message": "gave up" } }
        """, """
        { "from": "start", "to": "reply" },
        { "from": "reply", "port": "received", "to": "onReply" }, { "from": "reply", "port": "timeout", "to": "onTimeout" }
        """, """ "inputs": [{ "name": "customerId", "type": "string" }],"""));

    [Fact]
    public async Task WaitEvent_Start_StoresEventNameAndCorrelationKeyOnBookmark()
    {
        var (state, _) = await _engine.StartAsync(WaitFor(), new { customerId = "c-42" });

        Assert.Equal(WorkflowStatus.Suspended, state.Status);
        var bookmark = Assert.Single(state.Bookmarks);
        Assert.Equal(BookmarkKind.Event, bookmark.Kind);
        Assert.Equal("customer.replied", bookmark.EventName);
        Assert.Equal("c-42", bookmark.CorrelationKey);
    }

    [Fact]
    public async Task WaitEvent_EmptyCorrelation_BookmarkMatchesAnyKey()
    {
        var (state, _) = await _engine.StartAsync(WaitFor(), new { });

        Assert.Null(Assert.Single(state.Bookmarks).CorrelationKey);
    }

    [Fact]
    public async Task WaitEvent_Received_FollowsReceivedWithPayloadAndDropsTimeout()
    {
        var flow = WaitFor(""", "timeout": "PT2H" """);
        var (state, _) = await _engine.StartAsync(flow, new { customerId = "c-42" });
        var eventBookmark = state.Bookmarks.Single(b => b.Kind == BookmarkKind.Event);

        var effects = await _engine.ResumeAsync(flow, state, eventBookmark, new { text = "yes please" });

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Empty(state.Bookmarks);
        Assert.Equal("yes please", state.Outputs["reply"]!["payload"]!["text"]!.GetValue<string>());
        Assert.Equal("Got yes please", state.Outputs["onReply"]!["message"]!.GetValue<string>());
        Assert.Equal("received", effects.Journal[0].Port);
    }

    [Fact]
    public async Task WaitEvent_TimeoutElapses_FollowsTimeoutAndDropsEventBookmark()
    {
        var flow = WaitFor(""", "timeout": "PT2H" """);
        var (state, _) = await _engine.StartAsync(flow, new { customerId = "c-42" });
        var timer = state.Bookmarks.Single(b => b.Kind == BookmarkKind.Timer);
        Assert.Equal(_engine.Clock.GetUtcNow().AddHours(2), timer.DueAt);

        _engine.Clock.Advance(TimeSpan.FromHours(2));
        var effects = await _engine.ResumeAsync(flow, state, timer);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Empty(state.Bookmarks);
        Assert.Equal(["reply", "onTimeout"], effects.Journal.Select(j => j.ActivityId));
        Assert.Equal("timeout", effects.Journal[0].Port);
    }

    [Fact]
    public async Task WaitEvent_ResumedTwice_SecondResumeIsRefused()
    {
        var flow = WaitFor();
        var (state, _) = await _engine.StartAsync(flow, new { customerId = "c-42" });
        var bookmark = state.Bookmarks[0];
        await _engine.ResumeAsync(flow, state, bookmark, new { text = "a" });

        await Assert.ThrowsAsync<InvalidWorkflowStateException>(() => _engine.ResumeAsync(flow, state, bookmark, new { text = "b" }));
        Assert.Equal("a", state.Outputs["reply"]!["payload"]!["text"]!.GetValue<string>());
    }
}
