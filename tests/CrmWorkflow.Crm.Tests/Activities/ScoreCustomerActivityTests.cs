using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Segmentation;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Activities;

public sealed class ScoreCustomerActivityTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private const string Flow = """
        {
          "definitionId": "score-test", "name": "Score test",
          "inputs": [{ "name": "customerId", "type": "number" }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "score", "type": "crm.scoreCustomer", "inputs": { "customerId": { "expr": "input.customerId" } } },
            { "id": "keep", "type": "core.setVariable", "inputs": { "variable": "result", "value": { "expr": "outputs.score" } } }
          ],
          "connections": [ { "from": "start", "to": "score" }, { "from": "score", "to": "keep" } ]
        }
        """;

    // Twenty customers with different histories, so quintiles, segments and the key-account share all matter.
    private static async Task SeedHistoryAsync(CrmProcessHost host)
    {
        for (var id = 1; id <= 20; id++)
        {
            await host.SeedAsync(new Customer { Id = id, Name = $"Customer {id}", Region = "East China", Email = $"c{id}@example.com", CreatedAt = Now.AddYears(-2) });
            for (var n = 0; n < id % 7; n++)
                await host.SeedAsync(new Order { CustomerId = id, OrderedAt = Now.AddDays(-(id * 11 + n * 37)), Amount = 1_000m * id + 250m * n, Margin = 300m * id });
        }
        await host.SeedAsync(new Complaint { CustomerId = 13, Category = "Delivery", Description = "Late", OpenedAt = Now.AddDays(-3) },
            new Payment { CustomerId = 13, Amount = 500m, DueOn = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-90) });
    }

    [Fact]
    public async Task Score_OneCustomer_GivesWhatTheSegmentationJobGives()
    {
        await using var host = await CrmProcessHost.StartAsync(Now, importWorkflows: false);
        await host.Services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(DefinitionJson.Parse(Flow).Definition!, "test");
        await SeedHistoryAsync(host);
        await host.Services.GetRequiredService<SegmentationJob>().RunAsync();
        List<CustomerScore> byJob;
        await using (var db = host.Db()) byJob = await db.CustomerScores.AsNoTracking().OrderBy(s => s.CustomerId).ToListAsync();

        foreach (var id in new long[] { 4, 13, 20 })
        {
            var run = await host.Runtime.StartAsync("score-test", new JsonObject { ["customerId"] = id });
            Assert.Equal(WorkflowStatus.Finished, run.Status);
            await using var db = host.Db();
            var alone = await db.CustomerScores.AsNoTracking().SingleAsync(s => s.CustomerId == id);
            var job = byJob.Single(s => s.CustomerId == id);
            Assert.Equivalent(job, alone, strict: true);
            var customer = await db.Customers.SingleAsync(c => c.Id == id);
            Assert.Equal(customer.Tier.ToString(), run.Variables["result"]!["tier"]!.GetValue<string>());
            Assert.Equal(job.ChurnRisk, (int)run.Variables["result"]!["churnRisk"]!.GetValue<long>());
            Assert.Equal(job.PotentialValue, run.Variables["result"]!["value"]!["potential"]!.GetValue<decimal>());
        }
    }

    [Fact]
    public async Task Score_BigNewOrder_RaisesTierChangeAndTheCustomerGetsADedicatedManager()
    {
        await using var host = await CrmProcessHost.StartAsync(Now);
        await host.Services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(DefinitionJson.Parse(Flow).Definition!, "test");
        await SeedHistoryAsync(host);
        await host.Services.GetRequiredService<SegmentationJob>().RunAsync();
        await host.DrainAsync();
        await host.SeedAsync(new ClientManager { Id = "cm-east", Name = "Lena Li", Email = "lena@example.com", Regions = "East China", Seniority = Seniority.Principal },
            new Order { CustomerId = 2, OrderedAt = Now.AddDays(-1), Amount = 150_000m, Margin = 40_000m });

        var run = await host.Runtime.StartAsync("score-test", new JsonObject { ["customerId"] = 2 });
        await host.DrainAsync();

        var result = run.Variables["result"]!;
        Assert.Equal(("Diamond", true), (result["tier"]!.GetValue<string>(), result["tierChanged"]!.GetValue<bool>()));
        await using var db = host.Db();
        var customer = await db.Customers.SingleAsync(c => c.Id == 2);
        Assert.Equal((CustomerTier.Diamond, "cm-east"), (customer.Tier, customer.ManagerId));
    }
}
