using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Engine.Tests.Durable;

public sealed class TimersAndEventsTests : IDisposable
{
    private readonly SqliteDatabase _db = new();
    private readonly TestHost _host;

    public TimersAndEventsTests() => _host = _db.NewHost();

    public void Dispose()
    {
        _host.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task FireDueTimers_BeforeDue_FiresNothing_AfterDue_ResumesOnce()
    {
        await _host.PublishAsync(Flows.Delay);
        var started = await _host.Runtime.StartAsync("wait-a-day", null);
        _db.Clock.Advance(TimeSpan.FromHours(23));

        Assert.Equal(0, await _host.Runtime.FireDueTimersAsync());

        _db.Clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await _host.Runtime.FireDueTimersAsync());
        Assert.Equal(0, await _host.Runtime.FireDueTimersAsync());
        var state = await _host.Runtime.GetStateAsync(started.InstanceId);
        Assert.Equal(WorkflowStatus.Finished, state!.Status);
    }

    [Fact]
    public async Task FireDueTimers_AfterRestart_FiresTimerThatFellDueWhileDown()
    {
        await _host.PublishAsync(Flows.Delay);
        var started = await _host.Runtime.StartAsync("wait-a-day", null);
        _host.Dispose(); // the host goes away; the timer falls due while nothing runs
        _db.Clock.Advance(TimeSpan.FromDays(3));

        using var restarted = _db.NewHost();
        Assert.Equal(1, await restarted.Runtime.FireDueTimersAsync());

        Assert.Equal(WorkflowStatus.Finished, (await restarted.Runtime.GetStateAsync(started.InstanceId))!.Status);
    }

    [Fact]
    public async Task FireDueTimers_TwoDispatchersOn500Timers_FireEachExactlyOnce()
    {
        await _host.PublishAsync(Flows.Delay);
        for (var i = 0; i < 500; i++) await _host.Runtime.StartAsync("wait-a-day", null);
        _db.Clock.Advance(TimeSpan.FromDays(1));
        using var a = _db.NewHost("dispatcher-a");
        using var b = _db.NewHost("dispatcher-b");

        async Task<int> Drain(TestHost host)
        {
            var total = 0;
            int fired;
            do total += fired = await host.Runtime.FireDueTimersAsync(); while (fired > 0);
            return total;
        }
        var counts = await Task.WhenAll(Task.Run(() => Drain(a)), Task.Run(() => Drain(b)));

        Assert.Equal(500, counts.Sum());
        await using var db = _db.Open();
        Assert.Equal(500, await db.Set<WorkflowInstanceRecord>().CountAsync(i => i.Status == WorkflowStatus.Finished));
        Assert.Equal(500, await db.Set<JournalRecord>().CountAsync(j => j.ActivityId == "done"));
        Assert.Empty(await db.Set<BookmarkRecord>().ToListAsync());
    }

    [Fact]
    public async Task RaiseEvent_MatchingCorrelation_ResumesOnlyThatInstance()
    {
        await _host.PublishAsync(Flows.WaitForReply);
        var ada = await _host.Runtime.StartAsync("wait-reply", new JsonObject { ["customerId"] = "c-1" });
        var bob = await _host.Runtime.StartAsync("wait-reply", new JsonObject { ["customerId"] = "c-2" });

        var result = await _host.Runtime.RaiseEventAsync("customer.replied", "c-1", new JsonObject { ["text"] = "Yes please" });

        Assert.Equal([ada.InstanceId], result.ResumedInstances);
        var adaState = await _host.Runtime.GetStateAsync(ada.InstanceId);
        Assert.Equal(WorkflowStatus.Finished, adaState!.Status);
        Assert.Equal("Yes please", adaState.Variables["reply"]!.GetValue<string>());
        Assert.Equal(WorkflowStatus.Suspended, (await _host.Runtime.GetStateAsync(bob.InstanceId))!.Status);
    }

    [Fact]
    public async Task WaitEvent_NoReplyBeforeTimeout_FollowsTimeoutAndDropsEventBookmark()
    {
        await _host.PublishAsync(Flows.WaitForReply);
        var started = await _host.Runtime.StartAsync("wait-reply", new JsonObject { ["customerId"] = "c-1" });
        _db.Clock.Advance(TimeSpan.FromDays(3));

        await _host.Runtime.FireDueTimersAsync();
        var late = await _host.Runtime.RaiseEventAsync("customer.replied", "c-1", new JsonObject { ["text"] = "late" });

        Assert.Empty(late.ResumedInstances);
        var state = await _host.Runtime.GetStateAsync(started.InstanceId);
        Assert.Equal(WorkflowStatus.Finished, state!.Status);
        Assert.False(state.Variables.ContainsKey("reply"));
    }

    [Fact]
    public async Task RaiseEvent_WithTrigger_StartsLatestVersionOnce()
    {
        await _host.PublishAsync(Flows.Triggered);

        var result = await _host.Runtime.RaiseEventAsync("complaint.filed", "case-9", new JsonObject { ["subject"] = "Late delivery" });

        var id = Assert.Single(result.StartedInstances);
        var state = await _host.Runtime.GetStateAsync(id);
        Assert.Equal("Late delivery", state!.Variables["subject"]!.GetValue<string>());
        Assert.Equal("case-9", state.CorrelationId);
    }

    [Fact]
    public async Task RunWorkflow_ChildFinishes_ParentResumesWithChildVariables()
    {
        await _host.PublishAsync(Flows.Child);
        await _host.PublishAsync(Flows.Parent);

        var parent = await _host.Runtime.StartAsync("parent", null);

        var state = await _host.Runtime.GetStateAsync(parent.InstanceId);
        Assert.Equal(WorkflowStatus.Finished, state!.Status);
        Assert.Equal(40, state.Variables["fromChild"]!.GetValue<decimal>());
        await using var db = _db.Open();
        var child = await db.Set<WorkflowInstanceRecord>().SingleAsync(i => i.DefinitionId == "child");
        Assert.Equal(parent.InstanceId, child.ParentInstanceId);
        Assert.Empty(await db.Set<WorkItemRecord>().ToListAsync());
    }
}
