using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.Extensions.DependencyInjection;
using static CrmWorkflow.Crm.Tests.Complaints.ComplaintWorld;

namespace CrmWorkflow.Crm.Tests.Complaints;

/// <summary>crm.escalate on its own: start -> escalate (level and service head from the input).</summary>
public sealed class EscalateActivityTests
{
    private const string Flow = """
        {
          "definitionId": "escalate-test", "name": "Escalate test",
          "inputs": [{ "name": "complaintId", "type": "number", "required": true }, { "name": "level", "type": "number" }, { "name": "head", "type": "string" }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "escalate", "type": "crm.escalate", "inputs": {
                "complaintId": { "expr": "input.complaintId" }, "level": { "expr": "input.level" }, "serviceHeadEmail": { "expr": "input.head" } } }
          ],
          "connections": [ { "from": "start", "to": "escalate" } ]
        }
        """;

    private static async Task<CrmProcessHost> HostAsync(string flow = Flow)
    {
        var host = await CrmProcessHost.StartAsync(FridayEvening, importWorkflows: false);
        await SeedAsync(host);
        await host.Services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(DefinitionJson.Parse(flow).Definition!, "test");
        return host;
    }

    private static async Task<long> ComplaintAsync(CrmProcessHost host, string? assignee = "cm-own", int level = 0)
    {
        var complaint = new Complaint
        {
            CustomerId = Acme, ContactId = LiWei, Channel = Channel.Phone, Category = "Delivery", Severity = Severity.High,
            Description = "Late", Status = ComplaintStatus.InProgress, AssigneeId = assignee, EscalationLevel = level, OpenedAt = FridayEvening,
        };
        await host.SeedAsync(complaint);
        return complaint.Id;
    }

    private static Task<InstanceSnapshot> EscalateAsync(CrmProcessHost host, long id, int? level = null, string? head = null) =>
        host.Runtime.StartAsync("escalate-test", new JsonObject { ["complaintId"] = id, ["level"] = level, ["head"] = head });

    [Fact]
    public async Task Escalate_WithoutLevel_ClimbsOneRungFromTheCurrentLevel()
    {
        await using var host = await HostAsync();
        var id = await ComplaintAsync(host, level: 1);

        await EscalateAsync(host, id);

        var escalated = await ComplaintWorld.ComplaintAsync(host, id);
        Assert.Equal((2, "cm-free"), (escalated.EscalationLevel, escalated.AssigneeId));
        Assert.Equal("cm-free@crm.example", Assert.Single(await host.MessagesAsync("complaint-escalation")).Recipient);
    }

    [Fact]
    public async Task Escalate_Level3_MakesItUrgentAndTellsTheServiceHead()
    {
        await using var host = await HostAsync();
        var id = await ComplaintAsync(host, level: 2);

        await EscalateAsync(host, id, 3, "head@crm.example");

        var escalated = await ComplaintWorld.ComplaintAsync(host, id);
        Assert.Equal((3, "urgent", "cm-own"), (escalated.EscalationLevel, escalated.Priority, escalated.AssigneeId));
        var message = Assert.Single(await host.MessagesAsync("complaint-escalation"));
        Assert.Equal("head@crm.example", message.Recipient);
        Assert.Equal($"Escalation level 3: complaint {id}", message.Subject);
    }

    [Fact]
    public async Task Escalate_Level3_WithoutServiceHead_FaultsAndChangesNothing()
    {
        await using var host = await HostAsync();
        var id = await ComplaintAsync(host, level: 2);

        var run = await EscalateAsync(host, id, 3);

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Contains("serviceHeadEmail", run.Incident!.Message);
        Assert.Equal(("normal", 2), ((await ComplaintWorld.ComplaintAsync(host, id)).Priority, (await ComplaintWorld.ComplaintAsync(host, id)).EscalationLevel));
    }

    [Fact]
    public async Task Escalate_Level1_QueuedComplaintWithoutSupervisor_TellsTheServiceHeadInstead()
    {
        await using var host = await HostAsync();
        var id = await ComplaintAsync(host, assignee: null);

        await EscalateAsync(host, id, 1, "head@crm.example");

        Assert.Equal("head@crm.example", Assert.Single(await host.MessagesAsync("complaint-escalation")).Recipient);
        Assert.Equal(1, (await ComplaintWorld.ComplaintAsync(host, id)).EscalationLevel);
    }

    [Fact]
    public async Task Escalate_Level2_NoSeniorAvailable_KeepsTheAssigneeAndStillRecordsTheLevel()
    {
        await using var host = await HostAsync();
        await using (var db = host.Db())
        {
            foreach (var m in db.ClientManagers.Where(m => m.Seniority != Seniority.Junior)) m.IsActive = false;
            await db.SaveChangesAsync();
        }
        var id = await ComplaintAsync(host, level: 1);

        var run = await EscalateAsync(host, id, 2);

        Assert.Equal(WorkflowStatus.Finished, run.Status);
        var after = await ComplaintWorld.ComplaintAsync(host, id);
        Assert.Equal((2, "cm-own"), (after.EscalationLevel, after.AssigneeId));
    }

    [Fact]
    public async Task Publish_LadderWithUnknownAction_IsRefusedWithThePath()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening, importWorkflows: false);
        var flow = Flow.Replace("\"serviceHeadEmail\": { \"expr\": \"input.head\" }",
            "\"ladder\": [{ \"level\": 1, \"action\": \"callTheCeo\" }]");

        var error = await Assert.ThrowsAsync<DefinitionInvalidException>(() =>
            host.Services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(DefinitionJson.Parse(flow).Definition!, "test"));

        Assert.Contains(error.Problems, p => p.Path.EndsWith("inputs.ladder[0].action", StringComparison.Ordinal) && p.Message.Contains("notifySupervisor"));
    }
}
