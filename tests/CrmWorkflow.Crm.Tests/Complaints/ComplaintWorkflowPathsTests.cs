using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using static CrmWorkflow.Crm.Tests.Complaints.ComplaintWorld;

namespace CrmWorkflow.Crm.Tests.Complaints;

/// <summary>The other roads through the shipped complaint-handling workflow.</summary>
public sealed class ComplaintWorkflowPathsTests
{
    private static JsonObject RawComplaint(long customerId = Acme) => new()
    {
        ["customerId"] = customerId, ["contactId"] = LiWei, ["channel"] = "email", ["category"] = "Billing", ["severity"] = "high",
        ["description"] = "Charged twice for one order.",
    };

    [Fact]
    public async Task ComplaintReceived_FromAChannelWithoutTheApi_IsRegisteredAndHandled()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);

        var raised = await host.RaiseAsync("complaint.received", null, RawComplaint());

        Assert.Single(raised.StartedInstances);
        await using var db = host.Db();
        var complaint = await db.Complaints.AsNoTracking().SingleAsync(c => c.CustomerId == Acme);
        Assert.Equal((Channel.Email, "Billing", Severity.High, ComplaintStatus.New), (complaint.Channel, complaint.Category, complaint.Severity, complaint.Status));
        Assert.Equal(Utc("2026-12-02T07:30:00Z"), complaint.ResolutionDueAt);
        Assert.Equal("cm-own", complaint.AssigneeId);
        Assert.Equal($"We have received your complaint (case {complaint.Id})", Assert.Single(await host.MessagesAsync("complaint-acknowledgement")).Subject);
        var task = Assert.Single(await OpenTasksAsync(host));
        Assert.StartsWith($"Investigate complaint {complaint.Id}: Billing (Acme Trading)", task.Title);
    }

    [Fact]
    public async Task ComplaintReceived_ForAnUnknownCustomer_StopsWithAnIncidentNamingIt()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);

        await host.RaiseAsync("complaint.received", null, RawComplaint(customerId: 999));

        await using var db = host.Db();
        Assert.Empty(await db.Complaints.AsNoTracking().Where(c => c.CustomerId == 999).ToListAsync());
        var incident = await db.Set<IncidentRecord>().AsNoTracking().SingleAsync();
        Assert.Equal(("register", "There is no customer 999."), (incident.ActivityId, incident.Message));
    }

    [Fact]
    public async Task Tasks_InvestigateThenResolve_ResolveTheComplaintAndSendTheSurvey()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);
        var filed = await FileAsync(host);
        await AdvanceToAsync(host, Utc("2026-12-01T02:00:00Z"));

        await host.Runtime.CompleteTaskAsync(Assert.Single(await OpenTasksAsync(host)).Id, "understood", null, "cm-own");
        Assert.Equal(ComplaintStatus.InProgress, (await ComplaintAsync(host, filed.Id)).Status);
        var resolve = Assert.Single(await OpenTasksAsync(host));
        Assert.Equal("resolve", resolve.ActivityId);
        await Assert.ThrowsAsync<CrmWorkflow.Engine.Activities.ResumeRejectedException>(() =>
            host.Runtime.CompleteTaskAsync(resolve.Id, "resolved", new JsonObject { ["rootCause"] = "Supplier" }, "cm-own"));
        await host.Runtime.CompleteTaskAsync(resolve.Id, "resolved",
            new JsonObject { ["resolution"] = "Refunded the second charge", ["rootCause"] = "System error" }, "cm-own");

        var resolved = await ComplaintAsync(host, filed.Id);
        Assert.Equal((ComplaintStatus.Resolved, "Refunded the second charge", "System error"), (resolved.Status, resolved.Resolution, resolved.RootCause));
        Assert.Equal((Utc("2026-12-01T02:00:00Z"), Utc("2026-12-01T02:00:00Z")), (resolved.RespondedAt!.Value, resolved.ResolvedAt!.Value));
        Assert.Single(await host.MessagesAsync("satisfaction-survey"));
        Assert.Equal("met", (await ViewAsync(host, filed.Id)).Sla.State);
    }

    [Fact]
    public async Task CustomerNeverAnswers_SystemClosesAfter10Days_WithoutASurvey()
    {
        await using var host = await CrmProcessHost.StartAsync(FridayEvening);
        await SeedAsync(host);
        var filed = await FileAsync(host);
        await host.Runtime.CompleteTaskAsync(Assert.Single(await OpenTasksAsync(host)).Id, "needCustomerInfo",
            new JsonObject { ["question"] = "Which order?" }, "cm-own");

        await host.AdvanceAsync(TimeSpan.FromDays(10));

        var closed = await ComplaintAsync(host, filed.Id);
        Assert.Equal((ComplaintStatus.Closed, true), (closed.Status, closed.AutoClosed));
        Assert.Empty(await host.MessagesAsync("satisfaction-survey"));
        Assert.Empty(await OpenTasksAsync(host));
        await using var db = host.Db();
        Assert.Equal(WorkflowStatus.Finished, (await db.Set<WorkflowInstanceRecord>().AsNoTracking().SingleAsync()).Status);
    }
}
