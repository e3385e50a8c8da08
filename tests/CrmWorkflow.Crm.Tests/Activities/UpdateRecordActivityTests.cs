using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Activities;

public sealed class UpdateRecordActivityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static string Flow(string entity, string fields) => """
        {
          "definitionId": "update-test", "name": "Update test",
          "inputs": [{ "name": "id", "type": "number" }, { "name": "fields", "type": "any" }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "update", "type": "crm.updateRecord", "inputs": { "entity": "__E__", "id": { "expr": "input.id" }, "fields": __F__ } },
            { "id": "missing", "type": "core.setVariable", "inputs": { "variable": "missing", "value": { "expr": "outputs.update.reason" } } }
          ],
          "connections": [ { "from": "start", "to": "update" }, { "from": "update", "port": "notFound", "to": "missing" } ]
        }
        """.Replace("__E__", entity).Replace("__F__", fields);

    private static async Task<CrmProcessHost> HostAsync(string entity, string fields)
    {
        var host = await CrmProcessHost.StartAsync(Now, importWorkflows: false);
        await host.Services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(DefinitionJson.Parse(Flow(entity, fields)).Definition!, "test");
        await host.SeedAsync(new Customer { Id = 7, Name = "Acme", Region = "East China", Industry = "Retail", CreatedAt = Now.AddYears(-1) },
            new Complaint { Id = 3, CustomerId = 7, Category = "Billing", Description = "Charged twice", OpenedAt = Now.AddDays(-2) });
        return host;
    }

    private static WorkflowDefinition Parse(string entity, string fields) => DefinitionJson.Parse(Flow(entity, fields)).Definition!;

    [Fact]
    public async Task Update_LiteralAndExpressionFields_ChangesTheRecordInTheStep()
    {
        await using var host = await HostAsync("Customer", """{ "lifecycle": "AtRisk", "phone": { "expr": "'+86 21 ' + input.fields.phone" }, "isKeyAccount": true }""");

        var run = await host.Runtime.StartAsync("update-test", new JsonObject { ["id"] = 7, ["fields"] = new JsonObject { ["phone"] = "5555 0101" } });

        Assert.Equal(WorkflowStatus.Finished, run.Status);
        await using var db = host.Db();
        var customer = await db.Customers.SingleAsync(c => c.Id == 7);
        Assert.Equal((LifecycleStatus.AtRisk, "+86 21 5555 0101", true), (customer.Lifecycle, customer.Phone, customer.IsKeyAccount));
        var changes = (await host.Runtime.GetStateAsync(run.InstanceId))!.Outputs["update"]!["changes"]!;
        Assert.Equal("Active", changes["lifecycle"]!["from"]!.GetValue<string>());
        Assert.Equal("AtRisk", changes["lifecycle"]!["to"]!.GetValue<string>());
    }

    [Fact]
    public async Task Update_ComplaintResolved_StampsResolvedAt()
    {
        await using var host = await HostAsync("Complaint", """{ "status": "Resolved", "resolution": "Refunded the second charge" }""");

        await host.Runtime.StartAsync("update-test", new JsonObject { ["id"] = 3 });

        await using var db = host.Db();
        var complaint = await db.Complaints.SingleAsync();
        Assert.Equal((ComplaintStatus.Resolved, (DateTimeOffset?)Now), (complaint.Status, complaint.ResolvedAt));
    }

    [Theory]
    [InlineData("Customer", """{ "nickname": "Ace" }""", "$.activities[1].inputs.fields.nickname", "Customer has no settable field 'nickname'")]
    [InlineData("Customer", """{ "managerId": "cm-0001" }""", "$.activities[1].inputs.fields.managerId", "use crm.assignClientManager")]
    [InlineData("Customer", """{ "tier": "Platinum" }""", "$.activities[1].inputs.fields.tier", "must be one of Standard, Silver, Gold, Diamond")]
    [InlineData("Invoice", """{ "amount": 5 }""", "$.activities[1].inputs.entity", "'Invoice' is not allowed for 'entity'")]
    public void Validate_LiteralUnknownFieldOrBadValue_IsRefusedAtDefinitionTime(string entity, string fields, string path, string message)
    {
        using var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddCrm().BuildServiceProvider();
        var problems = services.GetRequiredService<CrmWorkflow.Engine.Validation.WorkflowCompiler>().Validate(Parse(entity, fields));

        var problem = Assert.Single(problems, p => p.Path == path);
        Assert.Contains(message, problem.Message);
    }

    [Fact]
    public async Task Update_UnknownFieldFromAnExpression_FaultsAndChangesNothing()
    {
        await using var host = await HostAsync("Customer", """{ "expr": "input.fields" }""");

        var run = await host.Runtime.StartAsync("update-test", new JsonObject
        {
            ["id"] = 7, ["fields"] = new JsonObject { ["lifecycle"] = "Lost", ["creditLimit"] = 100 },
        });

        Assert.Equal(WorkflowStatus.Faulted, run.Status);
        Assert.Contains("Customer has no settable field 'creditLimit'", run.Incident!.Message);
        await using var db = host.Db();
        Assert.Equal(LifecycleStatus.Active, (await db.Customers.SingleAsync()).Lifecycle);
    }

    [Fact]
    public async Task Update_NoSuchRecord_FollowsNotFound()
    {
        await using var host = await HostAsync("Customer", """{ "lifecycle": "Lost" }""");

        var run = await host.Runtime.StartAsync("update-test", new JsonObject { ["id"] = 999 });

        Assert.Equal(WorkflowStatus.Finished, run.Status);
        Assert.Equal("No Customer 999.", run.Variables["missing"]!.GetValue<string>());
    }
}
