using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Engine.Tests.Durable;

/// <summary>Bringing escalations forward (the holder of the tasks left), only in the workflows named.</summary>
public sealed class EscalateTasksNowTests : IDisposable
{
    private static string Flow(string id) => $$"""
        {
          "definitionId": "{{id}}", "name": "{{id}}",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "call", "type": "core.humanTask", "inputs": { "title": "Call", "assignee": "cm-1", "outcomes": ["done"],
              "escalateIn": "PT4H", "whenOverdue": "close" } },
            { "id": "giveToSomeoneElse", "type": "core.log", "inputs": { "message": "rerouted" } }
          ],
          "connections": [ { "from": "start", "to": "call" }, { "from": "call", "port": "overdue", "to": "giveToSomeoneElse" } ]
        }
        """;

    private readonly SqliteDatabase _db = new();
    private readonly TestHost _host;

    public EscalateTasksNowTests()
    {
        _host = _db.NewHost();
        _host.PublishAsync(Flow("leads")).GetAwaiter().GetResult();
        _host.PublishAsync(Flow("complaints")).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _host.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task EscalateNow_HolderLeft_OnlyTheNamedWorkflowsTasksGoOverdueWithTheReason()
    {
        var lead = await _host.Runtime.StartAsync("leads", null);
        var complaint = await _host.Runtime.StartAsync("complaints", null);
        _db.Clock.Advance(TimeSpan.FromMinutes(10));

        var escalated = await _host.Runtime.EscalateTasksNowAsync("cm-1", ["leads"], "manager deactivated");

        Assert.Single(escalated);
        var leadState = (await _host.Runtime.GetStateAsync(lead.InstanceId))!;
        Assert.Equal(WorkflowStatus.Finished, leadState.Status);
        Assert.Equal("manager deactivated", (string?)leadState.Outputs["call"]!["escalationReason"]);
        Assert.Equal(WorkflowStatus.Suspended, (await _host.Runtime.GetStateAsync(complaint.InstanceId))!.Status);
        await using var db = _db.Open();
        var tasks = await db.Set<HumanTaskRecord>().ToDictionaryAsync(t => t.InstanceId, t => t.Status);
        Assert.Equal(HumanTaskStatus.Cancelled, tasks[lead.InstanceId]);
        Assert.Equal(HumanTaskStatus.Open, tasks[complaint.InstanceId]);
        // Nothing left to fire for the escalated one when its own time comes.
        _db.Clock.Advance(TimeSpan.FromHours(4));
        Assert.Equal(1, await _host.Runtime.FireDueTimersAsync());
    }

    [Fact]
    public async Task EscalateNow_NoWorkflowsNamedOrNoTasks_NothingHappens()
    {
        await _host.Runtime.StartAsync("leads", null);

        Assert.Empty(await _host.Runtime.EscalateTasksNowAsync("cm-1", [], "manager deactivated"));
        Assert.Empty(await _host.Runtime.EscalateTasksNowAsync("cm-2", ["leads"], "manager deactivated"));
    }
}
