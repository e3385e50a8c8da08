using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Activities;

public sealed class CreateInteractionActivityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private const string Flow = """
        {
          "definitionId": "interaction-test", "name": "Interaction test",
          "inputs": [{ "name": "customerId", "type": "number" }, { "name": "contactId", "type": "any" }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "log", "type": "crm.createInteraction", "inputs": {
                "customerId": { "expr": "input.customerId" }, "contactId": { "expr": "input.contactId" },
                "channel": "visit", "direction": "outbound", "managerId": "cm-0001", "responded": true,
                "summary": { "template": "Welcome visit for customer {{ input.customerId }}" } } }
          ],
          "connections": [ { "from": "start", "to": "log" } ]
        }
        """;

    private static async Task<CrmProcessHost> HostAsync()
    {
        var host = await CrmProcessHost.StartAsync(Now, importWorkflows: false);
        await host.Services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(DefinitionJson.Parse(Flow).Definition!, "test");
        await host.SeedAsync(
            new ClientManager { Id = "cm-0001", Name = "Lena Li" },
            new Customer { Id = 7, Name = "Acme", CreatedAt = Now.AddYears(-1), Contacts = [new Contact { Id = 70, Name = "Zhou Jie" }] },
            new Customer { Id = 8, Name = "Other", CreatedAt = Now.AddYears(-1), Contacts = [new Contact { Id = 80, Name = "Someone else" }] });
        return host;
    }

    [Fact]
    public async Task Create_LogsTheContactOnTheCustomerTimeline()
    {
        await using var host = await HostAsync();

        var run = await host.Runtime.StartAsync("interaction-test", new JsonObject { ["customerId"] = 7, ["contactId"] = 70 });

        Assert.Equal(WorkflowStatus.Finished, run.Status);
        await using var db = host.Db();
        var logged = await db.Interactions.SingleAsync();
        Assert.Equal((7L, (long?)70, Channel.Visit, Direction.Outbound, Now, "cm-0001", true),
            (logged.CustomerId, logged.ContactId, logged.Channel, logged.Direction, logged.At, logged.ManagerId, logged.Responded));
        Assert.Equal("Welcome visit for customer 7", logged.Summary);
    }

    [Fact]
    public async Task Create_ContactOfAnotherCustomer_FaultsAndLogsNothing()
    {
        await using var host = await HostAsync();

        var run = await host.Runtime.StartAsync("interaction-test", new JsonObject { ["customerId"] = 7, ["contactId"] = 80 });

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Contains("contact 80 is not a contact of customer 7", run.Incident!.Message);
        await using var db = host.Db();
        Assert.Empty(await db.Interactions.ToListAsync());
    }
}
