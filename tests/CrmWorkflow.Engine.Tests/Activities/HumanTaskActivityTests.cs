using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

public class HumanTaskActivityTests
{
    private readonly TestEngine _engine = new();

    private CompiledWorkflow Approval(string extra = "") => _engine.Compile(Flow.Of($$$"""
        { "id": "start", "type": "core.start" },
        { "id": "approve", "type": "core.humanTask", "inputs": {
            "title": { "template": "Approve discount for {{ input.customer }}" },
            "role": "SalesManager", "priority": "high", "dueIn": "P1D",
            "outcomes": ["approved", "rejected"],
            "form": [
              { "name": "reason", "label": "Reason", "type": "text", "required": true },
              { "name": "discount", "type": "number" },
              { "name": "channel", "type": "select", "options": ["phone", "mail"] } ] {{{extra}}} } },
        { "id": "onApproved", "type": "core.log", "inputs": { "message": "approved" } },
        { "id": "onRejected", "type": "core.log", "inputs": { "message": "rejected" } }
        """ + (extra.Length > 0 ? """, { "id": "remind", "type": "core.log", "inputs": { "message": "overdue" } }""" : ""), """
        { "from": "start", "to": "approve" },
        { "from": "approve", "port": "approved", "to": "onApproved" }, { "from": "approve", "port": "rejected", "to": "onRejected" }
        """ + (extra.Length > 0 ? """, { "from": "approve", "port": "overdue", "to": "remind" }""" : ""),
        """ "inputs": [{ "name": "customer", "type": "string" }],"""));

    [Fact]
    public async Task HumanTask_Start_CreatesTaskWithRenderedFields()
    {
        var (state, effects) = await _engine.StartAsync(Approval(), new { customer = "Contoso" });

        var task = Assert.Single(effects.TasksCreated);
        Assert.Equal("Approve discount for Contoso", task.Title);
        Assert.Equal("SalesManager", task.Role);
        Assert.Equal("high", task.Priority);
        Assert.Equal(_engine.Clock.GetUtcNow().AddDays(1), task.DueAt);
        Assert.Equal(["approved", "rejected"], task.Outcomes);
        Assert.Equal(3, task.Form.Count);
        Assert.Equal(task.Id, Assert.Single(state.Bookmarks).Id);
    }

    [Theory]
    [InlineData("approved", "onApproved")]
    [InlineData("rejected", "onRejected")]
    public async Task HumanTask_CompletedWithOutcome_FollowsOutcomePortAndStoresData(string outcome, string next)
    {
        var flow = Approval();
        var (state, _) = await _engine.StartAsync(flow, new { customer = "Contoso" });

        var effects = await _engine.ResumeAsync(flow, state, state.Bookmarks[0],
            new { outcome, user = "u-1", data = new { reason = "loyal", discount = 5, channel = "mail" } });

        Assert.Equal(["approve", next], effects.Journal.Select(j => j.ActivityId));
        Assert.Equal(5, state.Outputs["approve"]!["data"]!["discount"]!.GetValue<int>());
        Assert.Equal("u-1", state.Outputs["approve"]!["completedBy"]!.GetValue<string>());
        var closed = Assert.Single(effects.TasksClosed);
        Assert.True(closed.Completed);
        Assert.Equal("u-1", closed.CompletedBy);
    }

    public static TheoryData<object, string, string> RejectedPayloads => new()
    {
        { new { outcome = "maybe", data = new { reason = "x" } }, "$.outcome", "'maybe' is not" },
        { new { data = new { reason = "x" } }, "$.outcome", "approved, rejected" },
        { new { outcome = "approved", data = new { discount = 5 } }, "$.data.reason", "'Reason' is required" },
        { new { outcome = "approved", data = new { reason = "  " } }, "$.data.reason", "'Reason' is required" },
        { new { outcome = "approved", data = new { reason = "x", discount = "five" } }, "$.data.discount", "must be a number" },
        { new { outcome = "approved", data = new { reason = "x", channel = "fax" } }, "$.data.channel", "phone, mail" },
        { new { outcome = "approved", data = "reason" }, "$.data", "must be an object" },
    };

    [Theory]
    [MemberData(nameof(RejectedPayloads))]
    public async Task HumanTask_InvalidCompletion_IsRejectedWithPathAndStateUnchanged(object payload, string path, string message)
    {
        var flow = Approval();
        var (state, _) = await _engine.StartAsync(flow, new { customer = "Contoso" });
        var bookmark = state.Bookmarks[0];
        var updatedAt = state.UpdatedAt;
        _engine.Clock.Advance(TimeSpan.FromMinutes(5));

        var ex = await Assert.ThrowsAsync<ResumeRejectedException>(() => _engine.ResumeAsync(flow, state, bookmark, payload));

        Assert.Equal(path, ex.Path);
        Assert.Contains(message, ex.Message);
        Assert.Equal(WorkflowStatus.Suspended, state.Status);
        Assert.Equal(bookmark, Assert.Single(state.Bookmarks));
        Assert.Equal(updatedAt, state.UpdatedAt);
        Assert.Null(state.Outputs["approve"]!["outcome"]);
        // A corrected payload is then accepted.
        await _engine.ResumeAsync(flow, state, bookmark, new { outcome = "approved", data = new { reason = "ok" } });
        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }

    [Fact]
    public async Task HumanTask_EscalationDue_FollowsOverdueAndTaskStaysOpen()
    {
        var flow = Approval(""", "escalateIn": "PT4H" """);
        var (state, started) = await _engine.StartAsync(flow, new { customer = "Contoso" });
        var timer = state.Bookmarks.Single(b => b.Kind == BookmarkKind.Timer);
        Assert.Equal("escalation", timer.Tag);
        Assert.Equal(_engine.Clock.GetUtcNow().AddHours(4), timer.DueAt);
        Assert.Equal(timer.DueAt, started.TasksCreated[0].EscalateAt);

        _engine.Clock.Advance(TimeSpan.FromHours(4));
        var escalated = await _engine.ResumeAsync(flow, state, timer);

        Assert.Equal(["approve", "remind"], escalated.Journal.Select(j => j.ActivityId));
        Assert.Equal("overdue", escalated.Journal[0].Port);
        Assert.Empty(escalated.TasksClosed);
        Assert.Equal(WorkflowStatus.Suspended, state.Status);
        var task = Assert.Single(state.Bookmarks);
        Assert.Equal(BookmarkKind.Task, task.Kind);

        await Assert.ThrowsAsync<BookmarkNotFoundException>(() => _engine.ResumeAsync(flow, state, timer));
        var done = await _engine.ResumeAsync(flow, state, task, new { outcome = "approved", data = new { reason = "late" } });
        Assert.Equal(["approve", "onApproved"], done.Journal.Select(j => j.ActivityId));
        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }

    [Fact]
    public async Task HumanTask_EscalationDueWithClose_CancelsTaskAndFollowsOverdue()
    {
        var flow = Approval(""", "escalateIn": "PT4H", "whenOverdue": "close" """);
        var (state, _) = await _engine.StartAsync(flow, new { customer = "Contoso" });
        var timer = state.Bookmarks.Single(b => b.Kind == BookmarkKind.Timer);
        var task = state.Bookmarks.Single(b => b.Kind == BookmarkKind.Task);

        _engine.Clock.Advance(TimeSpan.FromHours(4));
        var escalated = await _engine.ResumeAsync(flow, state, timer);

        Assert.Equal(["approve", "remind"], escalated.Journal.Select(j => j.ActivityId));
        var closed = Assert.Single(escalated.TasksClosed);
        Assert.Equal(task.Id, closed.TaskId);
        Assert.False(closed.Completed);
        Assert.Empty(state.Bookmarks);
        Assert.Equal(WorkflowStatus.Finished, state.Status);
    }

    [Fact]
    public async Task HumanTask_CompletedBeforeEscalation_DropsEscalationTimer()
    {
        var flow = Approval(""", "escalateIn": "PT4H" """);
        var (state, _) = await _engine.StartAsync(flow, new { customer = "Contoso" });
        var task = state.Bookmarks.Single(b => b.Kind == BookmarkKind.Task);

        var effects = await _engine.ResumeAsync(flow, state, task, new { outcome = "rejected", data = new { reason = "no" } });

        Assert.Empty(state.Bookmarks);
        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.DoesNotContain(effects.Journal, j => j.ActivityId == "remind");
    }
}
