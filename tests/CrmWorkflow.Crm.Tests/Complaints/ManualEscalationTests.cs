using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Complaints;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CrmWorkflow.Crm.Tests.Complaints.ComplaintWorld;

namespace CrmWorkflow.Crm.Tests.Complaints;

/// <summary>A person escalates a complaint by hand; the shipped workflow does each level's action.</summary>
public sealed class ManualEscalationTests
{
    private static Task<ComplaintResult> EscalateAsync(CrmProcessHost host, long id, string? reason = "The customer called the CEO.") =>
        host.Services.GetRequiredService<EscalateComplaintHandler>().HandleAsync(new EscalateComplaint(id, reason, "lead@crm.example"), CustomerAccess.All);

    [Fact]
    public async Task Escalate_ThreeTimes_ClimbsTheLadder_ThenRefusesAtTheTop()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);
        var filed = await FileAsync(host);
        var investigate = Assert.Single(await OpenTasksAsync(host));
        Assert.Equal("cm-own", investigate.Assignee);

        // Level 1: the assignee's supervisor is told, with the reason and who asked.
        var first = await EscalateAsync(host, filed.Id);
        Assert.Equal(1, first.View!.EscalationLevel);
        var notice = Assert.Single(await host.MessagesAsync("complaint-escalation"));
        Assert.Equal("cm-boss@crm.example", notice.Recipient);
        Assert.Contains("The customer called the CEO.", notice.Body);

        // Level 2: a senior manager takes it over, with the open task; new tasks go to them too.
        var second = await EscalateAsync(host, filed.Id);
        Assert.Equal(2, second.View!.EscalationLevel);
        var senior = second.View.AssigneeId;
        Assert.NotEqual("cm-own", senior);
        Assert.Equal(senior, Assert.Single(await OpenTasksAsync(host)).Assignee);
        await host.Runtime.CompleteTaskAsync((await OpenTasksAsync(host))[0].Id, "understood", null, senior!);
        Assert.Equal(senior, Assert.Single(await OpenTasksAsync(host)).Assignee);

        // Level 3: urgent, the head of service is told; there is no level 4.
        var third = await EscalateAsync(host, filed.Id);
        Assert.Equal((3, "urgent"), (third.View!.EscalationLevel, third.View.Priority));
        Assert.Contains(await host.MessagesAsync("complaint-escalation"), m => m.Recipient == "service.head@example.com");
        var fourth = await EscalateAsync(host, filed.Id);
        Assert.Equal(ComplaintError.Conflict, fourth.Error);
        Assert.Contains("top of the ladder", fourth.Problems![0].Message);
        await using var db = host.Db();
        Assert.Empty(await db.Set<IncidentRecord>().AsNoTracking().ToListAsync());
    }

    [Fact]
    public async Task Escalate_WithoutReason_OrWhenNoWorkflowListens_OrResolved_IsRefusedWithWhy()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);
        var filed = await FileAsync(host);

        var noReason = await EscalateAsync(host, filed.Id, reason: " ");
        Assert.Equal((ComplaintError.Invalid, "$.reason"), (noReason.Error, noReason.Problems![0].Path));

        // A complaint entered without the complaint process: nobody would act on the request.
        await host.SeedAsync(new Complaint
        {
            Id = 500, CustomerId = Acme, Channel = Channel.Phone, Category = "Billing", Severity = Severity.Low, Description = "Imported",
            OpenedAt = FridayEvening, AssigneeId = "cm-own",
        });
        var orphan = await EscalateAsync(host, 500);
        Assert.Equal(ComplaintError.Conflict, orphan.Error);
        Assert.Contains("No complaint-handling workflow is running", orphan.Problems![0].Message);
        Assert.False(await host.Services.GetRequiredService<EscalateComplaintHandler>().CanEscalateAsync(500));
        Assert.True(await host.Services.GetRequiredService<EscalateComplaintHandler>().CanEscalateAsync(filed.Id));

        await StatusAsync(host, filed.Id, "resolved", resolution: "Refunded");
        var late = await EscalateAsync(host, filed.Id);
        Assert.Equal(ComplaintError.Conflict, late.Error);
        Assert.Equal(0, (await ComplaintAsync(host, filed.Id)).EscalationLevel);
    }

    [Fact]
    public async Task Timeline_TellsTheStoryInOrder()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);
        var filed = await FileAsync(host);
        await AdvanceToAsync(host, Utc("2026-12-01T02:00:00Z"));
        await StatusAsync(host, filed.Id, "waitingOnCustomer", note: "Asked for the delivery note.");
        await AdvanceToAsync(host, Utc("2026-12-01T04:00:00Z"));
        await StatusAsync(host, filed.Id, "inProgress");
        await EscalateAsync(host, filed.Id);

        var timeline = (await host.Services.GetRequiredService<ComplaintTimelineHandler>().HandleAsync(filed.Id, CustomerAccess.All))!;

        var titles = timeline.Select(e => e.Title).ToList();
        Assert.Equal("Received by phone", titles[0]);
        Assert.Contains("Message 'complaint-acknowledgement' to Li Wei", titles);
        Assert.Contains(timeline, e => e.Kind == "task" && e.Title.StartsWith("Task: Investigate complaint") && e.Detail == "for cm-own");
        Assert.True(titles.IndexOf("Waiting on the customer") < titles.IndexOf("Work resumed"));
        Assert.True(titles.IndexOf("Work resumed") < titles.IndexOf("Escalated"));
        Assert.Contains("Message 'complaint-escalation' to Manager boss", titles);
        // What people wrote stays: the note with the status change and the escalation's reason, with who wrote them.
        Assert.Contains(timeline, e => e is { Kind: "note", Title: "Note (waitingOnCustomer)", Detail: "“Asked for the delivery note.” by agent@crm.example" });
        Assert.Contains(timeline, e => e is { Kind: "escalation", Title: "Escalation asked for", Detail: "“The customer called the CEO.” by lead@crm.example" });
        Assert.True(titles.IndexOf("Escalation asked for") <= titles.IndexOf("Escalated"));
        Assert.Equal(timeline.OrderBy(e => e.At).Select(e => e.At), timeline.Select(e => e.At));
        Assert.Null(await host.Services.GetRequiredService<ComplaintTimelineHandler>().HandleAsync(filed.Id, new CustomerAccess("cm-west")));
    }
}
