using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.Extensions.DependencyInjection;
using static CrmWorkflow.Crm.Tests.Complaints.ComplaintWorld;

namespace CrmWorkflow.Crm.Tests.Complaints;

/// <summary>crm.survey on its own: start -> survey -> one variable per port.</summary>
public sealed class SurveyActivityTests
{
    private const string Flow = """
        {
          "definitionId": "survey-test", "name": "Survey test",
          "inputs": [{ "name": "complaintId", "type": "number", "required": true }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "survey", "type": "crm.survey", "inputs": {
                "complaintId": { "expr": "input.complaintId" }, "surveyUrl": { "template": "https://s.example/{{ input.complaintId }}" }, "timeout": "P7D" } },
            { "id": "suppressed", "type": "core.setVariable", "inputs": { "variable": "suppressed", "value": { "expr": "outputs.survey.reason" } } },
            { "id": "answered", "type": "core.setVariable", "inputs": { "variable": "score", "value": { "expr": "outputs.survey.score" } } },
            { "id": "noAnswer", "type": "core.setVariable", "inputs": { "variable": "noAnswer", "value": true } }
          ],
          "connections": [
            { "from": "start", "to": "survey" },
            { "from": "survey", "port": "suppressed", "to": "suppressed" },
            { "from": "survey", "port": "answered", "to": "answered" },
            { "from": "survey", "port": "noAnswer", "to": "noAnswer" }
          ]
        }
        """;

    private static async Task<CrmProcessHost> HostAsync()
    {
        var host = await CrmProcessHost.StartAsync(FridayEvening, importWorkflows: false);
        await SeedAsync(host);
        await host.Services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(DefinitionJson.Parse(Flow).Definition!, "test");
        return host;
    }

    private static async Task<long> ComplaintAsync(CrmProcessHost host, ComplaintStatus status = ComplaintStatus.Resolved, long? contactId = LiWei,
        bool autoClosed = false, DateTimeOffset? surveySentAt = null)
    {
        var complaint = new Complaint
        {
            CustomerId = Acme, ContactId = contactId, Channel = Channel.Phone, Category = "Billing", Severity = Severity.Low,
            Description = "Charged twice", Status = status, AutoClosed = autoClosed, OpenedAt = FridayEvening.AddDays(-3), SurveySentAt = surveySentAt,
        };
        await host.SeedAsync(complaint);
        return complaint.Id;
    }

    private static Task<InstanceSnapshot> SurveyAsync(CrmProcessHost host, long complaintId) =>
        host.Runtime.StartAsync("survey-test", new JsonObject { ["complaintId"] = complaintId });

    [Theory]
    [InlineData(ComplaintStatus.InProgress, false, "notResolved")]
    [InlineData(ComplaintStatus.Closed, true, "autoClosed")]
    public async Task Survey_ComplaintNotResolvedByAPerson_IsSuppressed(ComplaintStatus status, bool autoClosed, string reason)
    {
        await using var host = await HostAsync();
        var id = await ComplaintAsync(host, status, autoClosed: autoClosed);

        var run = await SurveyAsync(host, id);

        Assert.Equal(reason, run.Variables["suppressed"]!.GetValue<string>());
        Assert.Empty(await host.MessagesAsync("satisfaction-survey"));
    }

    [Fact]
    public async Task Survey_SameContactSurveyedWithin30Days_IsSuppressed_AfterThat_IsSent()
    {
        await using var host = await HostAsync();
        await ComplaintAsync(host, surveySentAt: FridayEvening.AddDays(-29));
        var recent = await SurveyAsync(host, await ComplaintAsync(host));
        Assert.Equal("recentlySurveyed", recent.Variables["suppressed"]!.GetValue<string>());

        host.Clock.Advance(TimeSpan.FromDays(2));
        var later = await SurveyAsync(host, await ComplaintAsync(host));

        Assert.Equal(WorkflowStatus.Suspended, later.Status);
        var sent = Assert.Single(await host.MessagesAsync("satisfaction-survey"));
        Assert.Equal(("li.wei@acme.example", "Li Wei"), (sent.Recipient, sent.RecipientName));
    }

    [Fact]
    public async Task Survey_Twice_ForOneComplaint_SendsOnce()
    {
        await using var host = await HostAsync();
        var id = await ComplaintAsync(host);

        await SurveyAsync(host, id);
        var second = await SurveyAsync(host, id);

        Assert.Equal("alreadySent", second.Variables["suppressed"]!.GetValue<string>());
        Assert.Single(await host.MessagesAsync("satisfaction-survey"));
    }

    [Fact]
    public async Task Survey_ContactWithoutEmail_GoesToTheCustomer()
    {
        await using var host = await HostAsync();

        await SurveyAsync(host, await ComplaintAsync(host, contactId: NoEmailContact));

        var sent = Assert.Single(await host.MessagesAsync("satisfaction-survey"));
        Assert.Equal(("service@acme.example", "Zhang Min"), (sent.Recipient, sent.RecipientName));
    }

    [Fact]
    public async Task Answer_WithInvalidScore_IsIgnoredAndTheSurveyKeepsWaiting_ThenAValidOneIsStored()
    {
        await using var host = await HostAsync();
        var id = await ComplaintAsync(host);
        var run = await SurveyAsync(host, id);

        foreach (var bad in new JsonNode?[] { 9, 0, 2.5, "4", null })
            await host.RaiseAsync("survey.answered", id.ToString(), new JsonObject { ["score"] = bad });

        var waiting = (await host.Runtime.GetStateAsync(run.InstanceId))!;
        Assert.Equal(WorkflowStatus.Suspended, waiting.Status);
        Assert.Contains("whole number from 1 to 5", waiting.Outputs["survey"]!["rejected"]!.GetValue<string>());
        Assert.Null((await ComplaintWorld.ComplaintAsync(host, id)).Satisfaction);

        await host.RaiseAsync("survey.answered", id.ToString(), new JsonObject { ["score"] = 2, ["comment"] = "  Took too long  " });

        var stored = await ComplaintWorld.ComplaintAsync(host, id);
        Assert.Equal((2, "Took too long"), (stored.Satisfaction, stored.SatisfactionComment));
        var finished = (await host.Runtime.GetStateAsync(run.InstanceId))!;
        Assert.Equal((WorkflowStatus.Finished, 2), (finished.Status, finished.Variables["score"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Answer_NeverComes_FollowsNoAnswerAfterTheTimeout()
    {
        await using var host = await HostAsync();
        var run = await SurveyAsync(host, await ComplaintAsync(host));

        await host.AdvanceAsync(TimeSpan.FromDays(7));

        Assert.True((await host.Runtime.GetStateAsync(run.InstanceId))!.Variables["noAnswer"]!.GetValue<bool>());
    }
}
