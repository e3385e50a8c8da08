using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Runtime;
using static CrmWorkflow.Crm.Tests.Complaints.ComplaintWorld;

namespace CrmWorkflow.Crm.Tests.Complaints;

/// <summary>The shipped complaint-handling workflow, end to end, on business time in Shanghai.</summary>
public sealed class ComplaintHandlingTests
{
    [Fact]
    public async Task GoldHighComplaint_FiledFridayEvening_RunsItsSlaInBusinessTimeFromAcknowledgementToSurvey()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);

        // Friday 17:30: half an hour left that day, then the weekend and Monday's holiday.
        var filed = await FileAsync(host);
        Assert.Equal(Utc("2026-12-01T01:30:00Z"), filed.Sla.ResponseDueAt);   // Tue 09:30 local: 30 + 30 min
        Assert.Equal(Utc("2026-12-02T03:30:00Z"), filed.Sla.WarningAt);       // Wed 11:30: 720 min (75 % of 960)
        Assert.Equal(Utc("2026-12-02T07:30:00Z"), filed.Sla.ResolutionDueAt); // Wed 15:30: 30 + 540 + 390 min
        Assert.Equal("onTrack", filed.Sla.State);
        Assert.Equal("high", filed.Priority);
        var ack = Assert.Single(await host.MessagesAsync("complaint-acknowledgement"));
        Assert.Equal("li.wei@acme.example", ack.Recipient);
        Assert.Contains("respond by 2026-12-01 09:30 (Asia/Shanghai) and we aim to resolve it by 2026-12-02 15:30 (Asia/Shanghai)", ack.Body);
        var investigate = Assert.Single(await OpenTasksAsync(host));
        Assert.Equal("cm-own", investigate.Assignee);

        // Tuesday 09:10: the manager responds; at 10:00 they need the customer's order number.
        await AdvanceToAsync(host, Utc("2026-12-01T01:10:00Z"));
        Assert.NotNull((await StatusAsync(host, filed.Id, "acknowledged")).View);
        await AdvanceToAsync(host, Utc("2026-12-01T02:00:00Z"));
        await host.Runtime.CompleteTaskAsync(investigate.Id, "needCustomerInfo", new JsonObject { ["question"] = "Which order number?" }, "cm-own");
        Assert.Equal("paused", (await ViewAsync(host, filed.Id)).Sla.State);

        // The original warning point (Wednesday 11:30) passes while paused: nothing fires.
        await AdvanceToAsync(host, Utc("2026-12-03T02:00:00Z"));
        Assert.Empty(await host.MessagesAsync("sla-warning"));
        // Thursday 10:00: the customer answered; two working days (2 x 540 min) were paused.
        var resumed = (await StatusAsync(host, filed.Id, "inProgress", note: "Order 4711")).View!;
        Assert.Equal(1080, resumed.Sla.PausedMinutes);
        var pause = Assert.Single(resumed.Sla.Pauses);
        Assert.Equal((Utc("2026-12-01T02:00:00Z"), Utc("2026-12-03T02:00:00Z")), (pause.From, pause.To!.Value));
        Assert.Equal(Utc("2026-12-04T03:30:00Z"), resumed.Sla.WarningAt);        // Fri 11:30 local
        Assert.Equal(Utc("2026-12-04T07:30:00Z"), resumed.Sla.ResolutionDueAt);  // Fri 15:30 local
        Assert.Equal(Utc("2026-12-01T01:30:00Z"), resumed.Sla.ResponseDueAt);    // responded already: stays
        Assert.Equal("onTrack", resumed.Sla.State);

        // The warning fires at the threshold, to the assignee.
        await AdvanceToAsync(host, Utc("2026-12-04T03:29:00Z"));
        Assert.Null((await ComplaintAsync(host, filed.Id)).WarnedAt);
        await AdvanceToAsync(host, Utc("2026-12-04T03:30:00Z"));
        Assert.Equal(Utc("2026-12-04T03:30:00Z"), (await ComplaintAsync(host, filed.Id)).WarnedAt);
        var warning = Assert.Single(await host.MessagesAsync("sla-warning"));
        Assert.Equal("cm-own@crm.example", warning.Recipient);
        Assert.Contains("75 %", warning.Body);

        // Breach: level 1 tells the supervisor.
        await AdvanceToAsync(host, Utc("2026-12-04T07:30:00Z"));
        var breached = await ComplaintAsync(host, filed.Id);
        Assert.Equal(Utc("2026-12-04T07:30:00Z"), breached.BreachedAt);
        Assert.Equal(1, breached.EscalationLevel);
        var toBoss = Assert.Single(await host.MessagesAsync("complaint-escalation"));
        Assert.Equal("cm-boss@crm.example", toBoss.Recipient);
        Assert.Contains("escalated to level 1", toBoss.Body);

        // Still open 4 working hours later (Monday 10:30 local): level 2 hands it to a senior manager.
        await AdvanceToAsync(host, Utc("2026-12-07T02:29:00Z"));
        Assert.Equal(1, (await ComplaintAsync(host, filed.Id)).EscalationLevel);
        await AdvanceToAsync(host, Utc("2026-12-07T02:30:00Z"));
        var escalated = await ComplaintAsync(host, filed.Id);
        Assert.Equal((2, "cm-free"), (escalated.EscalationLevel, escalated.AssigneeId));
        Assert.Equal("cm-free@crm.example", (await host.MessagesAsync("complaint-escalation"))[^1].Recipient);
        Assert.All(await OpenTasksAsync(host), t => Assert.Equal("cm-free", t.Assignee));

        // Resolution stops the clock and sends exactly one survey; the answer is stored.
        Assert.NotNull((await StatusAsync(host, filed.Id, "resolved", resolution: "Re-shipped with express delivery")).View);
        await host.DrainAsync();
        var survey = Assert.Single(await host.MessagesAsync("satisfaction-survey"));
        Assert.Equal("li.wei@acme.example", survey.Recipient);
        Assert.Contains($"https://survey.example.com/complaints/{filed.Id}", survey.Body);

        var answer = await host.RaiseAsync("survey.answered", filed.Id.ToString(), new JsonObject { ["score"] = 4, ["comment"] = "Quick in the end" });
        Assert.Single(answer.ResumedInstances);
        var done = await ComplaintAsync(host, filed.Id);
        Assert.Equal((4, "Quick in the end", ComplaintStatus.Closed), (done.Satisfaction, done.SatisfactionComment, done.Status));
        Assert.Single(await host.MessagesAsync("satisfaction-survey"));
        Assert.Empty(await OpenTasksAsync(host));
        Assert.Equal(WorkflowStatus.Finished, (await host.Runtime.GetStateAsync(answer.ResumedInstances[0]))!.Status);
    }
}
