using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Activities;

public sealed class NotifyActivityTests
{
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private static string Flow(string template) => """
        {
          "definitionId": "notify-test", "name": "Notify test",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "tell", "type": "crm.notify", "inputs": {
                "template": "__T__", "to": "ana@example.com", "toName": "Ana",
                "model": { "expr": "{ manager: { name: 'Ana' }, lead: { id: 7, personName: 'Li Wei', companyName: 'Acme', region: 'East', industry: 'Retail', productInterest: null, estimatedValue: 12000, score: 80 }, dueAt: date.parse('2026-11-24T09:00:00Z'), explanation: 'round robin' }" },
                "relatedType": "Lead", "relatedId": "7" } }
          ],
          "connections": [ { "from": "start", "to": "tell" } ]
        }
        """.Replace("__T__", template);

    private static async Task PublishAsync(CrmProcessHost host, string json) =>
        await host.Services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(DefinitionJson.Parse(json).Definition!, "test");

    [Fact]
    public async Task Notify_QueuesInStepAndSenderDeliversOnceToPickupFolder()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday, importWorkflows: false);
        await PublishAsync(host, Flow("lead-assigned"));

        var run = await host.Runtime.StartAsync("notify-test", null);

        Assert.Equal(WorkflowStatus.Finished, run.Status);
        var queued = Assert.Single(await host.MessagesAsync());
        Assert.Equal(MessageStatus.Pending, queued.Status);
        Assert.Equal("New lead: Li Wei (Acme)", queued.Subject);
        Assert.Contains("Hello Ana", queued.Body);
        Assert.Equal(run.InstanceId, queued.InstanceId);

        await host.DrainAsync();
        await host.DrainAsync();

        var sent = Assert.Single(await host.MessagesAsync());
        Assert.Equal(MessageStatus.Sent, sent.Status);
        Assert.Equal(1, sent.Attempts);
        var file = Assert.Single(Directory.GetFiles(Path.Combine(host.PickupFolder, "email")));
        Assert.Equal($"{sent.Id}.eml", Path.GetFileName(file));
        var eml = await File.ReadAllTextAsync(file);
        Assert.Contains("Subject: New lead: Li Wei (Acme)", eml);
        Assert.Contains("To: Ana <ana@example.com>", eml);
    }

    [Fact]
    public async Task Notify_TemplateMissing_FaultsStepAndQueuesNothing()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday, importWorkflows: false);
        await PublishAsync(host, Flow("no-such-template"));

        var run = await host.Runtime.StartAsync("notify-test", null);

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Empty(await host.MessagesAsync());
    }
}
