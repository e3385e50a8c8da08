using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Segmentation;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CrmWorkflow.Crm.Tests.ClientManagers.Rows;

namespace CrmWorkflow.Crm.Tests.ClientManagers;

/// <summary>The shipped client-manager workflow gives promoted customers a dedicated manager.</summary>
public sealed class ClientManagerAssignmentTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    private static async Task SeedTeamAsync(CrmProcessHost host) => await host.SeedAsync(
        Manager("cm-junior", Seniority.Junior),                                         // not senior enough for Diamond
        Manager("cm-west", Seniority.Senior, regions: West),                            // other region
        Manager("cm-full", Seniority.Senior, capacity: 2, keyAccounts: 2),             // no capacity left
        Manager("cm-away", Seniority.Senior),                                           // out of office now
        Manager("cm-principal", Seniority.Principal, industries: "Manufacturing", keyAccounts: 5),
        Manager("cm-senior", Seniority.Senior, industries: "Retail,Finance", keyAccounts: 3),
        new OutOfOffice { ManagerId = "cm-away", From = Now.AddDays(-1), To = Now.AddDays(6), Reason = "Leave" });

    [Fact]
    public async Task SegmentationPromotesToDiamond_CustomerGetsSeniorManagerInRegion_WithHistoryAndNotices()
    {
        await using var host = await CrmProcessHost.StartAsync(Now);
        await SeedTeamAsync(host);
        var customer = Customer(1, CustomerTier.Gold);
        await host.SeedAsync(customer,
            new Order { CustomerId = 1, OrderedAt = Now.AddDays(-20), Amount = 70_000m, Margin = 20_000m },
            new Order { CustomerId = 1, OrderedAt = Now.AddDays(-60), Amount = 50_000m, Margin = 15_000m },
            // A score from an earlier run: the job raises tier changes only after its first run.
            new CustomerScore { CustomerId = 1, Segment = "Loyal", ComputedAt = Now.AddDays(-1) });

        var report = await host.Services.GetRequiredService<SegmentationJob>().RunAsync();
        await host.DrainAsync();

        Assert.Equal(1, report.TierChanges);
        await using var db = host.Db();
        var promoted = await db.Customers.SingleAsync(c => c.Id == 1);
        Assert.Equal(CustomerTier.Diamond, promoted.Tier);
        Assert.Equal("cm-senior", promoted.ManagerId);
        var history = (await db.AccountAssignments.Where(a => a.CustomerId == 1).ToListAsync()).OrderBy(a => a.Role).ToList();
        Assert.Collection(history,
            primary =>
            {
                Assert.Equal(("cm-senior", AssignmentRole.Primary, Now, (DateTimeOffset?)null), (primary.ManagerId, primary.Role, primary.From, primary.To));
                Assert.Contains("Tier changed from Gold to Diamond", primary.Reason);
            },
            backup => Assert.Equal(("cm-principal", AssignmentRole.Backup), (backup.ManagerId, backup.Role)));
        Assert.Equal(4, (await db.ClientManagers.SingleAsync(m => m.Id == "cm-senior")).KeyAccounts);
        Assert.Equal(5, (await db.ClientManagers.SingleAsync(m => m.Id == "cm-principal")).KeyAccounts);

        // The promotion also made the customer a key account: that event's run keeps the manager just chosen.
        var instances = await db.Set<WorkflowInstanceRecord>().Where(i => i.DefinitionId == "client-manager-assignment").ToListAsync();
        Assert.Equal(2, instances.Count);
        Assert.All(instances, i => Assert.Equal(WorkflowStatus.Finished, i.Status));
        var states = await Task.WhenAll(instances.Select(i => host.Runtime.GetStateAsync(i.Id)));
        var state = states.Single(s => s!.Input["from"]?.GetValue<string>() == "Gold");
        var explanation = state!.Outputs["assign"]!["explanation"]!.AsArray().ToDictionary(e => e!["managerId"]!.GetValue<string>(), e => e!["reason"]!.GetValue<string>());
        Assert.Contains("need Senior", explanation["cm-junior"]);
        Assert.Contains("does not cover East China", explanation["cm-west"]);
        Assert.Contains("no key-account capacity left", explanation["cm-full"]);
        Assert.Contains("out of office", explanation["cm-away"]);
        Assert.StartsWith("best of 2 qualified", explanation["cm-senior"]);

        var toCustomer = Assert.Single(await host.MessagesAsync("manager-handover"));
        Assert.Equal(("customer1@example.com", MessageStatus.Sent), (toCustomer.Recipient, toCustomer.Status));
        Assert.Contains("your dedicated client manager is Manager cm-senior", toCustomer.Body);
        var toManager = Assert.Single(await host.MessagesAsync("account-assigned"));
        Assert.Equal(("cm-senior@example.com", "New key account: Customer 1"), (toManager.Recipient, toManager.Subject));
        Assert.Equal(2, Directory.GetFiles(Path.Combine(host.PickupFolder, "email")).Length);
    }

    [Fact]
    public async Task TierChanged_CurrentManagerStillFits_KeepsThemAndWritesNothingTwice()
    {
        await using var host = await CrmProcessHost.StartAsync(Now);
        await SeedTeamAsync(host);
        await host.SeedAsync(Customer(2, CustomerTier.Diamond, managerId: "cm-principal"), Primary(2, "cm-principal", Now.AddYears(-1)));

        await host.RaiseAsync("customer.tierChanged", "2", new JsonObject { ["customerId"] = 2, ["from"] = "Gold", ["to"] = "Diamond" });
        await host.RaiseAsync("customer.tierChanged", "2", new JsonObject { ["customerId"] = 2, ["from"] = "Gold", ["to"] = "Diamond" });
        await host.DrainAsync();

        await using var db = host.Db();
        Assert.Equal("cm-principal", (await db.Customers.SingleAsync(c => c.Id == 2)).ManagerId);
        var rows = await db.AccountAssignments.Where(a => a.CustomerId == 2).ToListAsync();
        Assert.Single(rows, r => r.Role == AssignmentRole.Primary && r.To == null && r.ManagerId == "cm-principal");
        Assert.Single(rows, r => r.Role == AssignmentRole.Backup && r.To == null);
        Assert.Empty(await host.MessagesAsync("manager-handover"));
        Assert.Equal(5, (await db.ClientManagers.SingleAsync(m => m.Id == "cm-principal")).KeyAccounts);
    }

    [Fact]
    public async Task TierChanged_NoSeniorInRegion_LeavesCustomerAndAsksAnAdmin()
    {
        await using var host = await CrmProcessHost.StartAsync(Now);
        await host.SeedAsync(Manager("cm-junior", Seniority.Junior), Manager("cm-west", Seniority.Senior, regions: West),
            Customer(3, CustomerTier.Diamond, managerId: "cm-junior"));

        await host.RaiseAsync("customer.tierChanged", "3", new JsonObject { ["customerId"] = 3, ["from"] = "Gold", ["to"] = "Diamond" });

        await using var db = host.Db();
        Assert.Equal("cm-junior", (await db.Customers.SingleAsync(c => c.Id == 3)).ManagerId);
        Assert.Empty(await db.AccountAssignments.ToListAsync());
        var task = await db.Set<HumanTaskRecord>().SingleAsync();
        Assert.Equal(("Admin", "Find a dedicated manager for customer 3"), (task.Role, task.Title));
        Assert.Contains("none of 2 managers qualifies", task.Description);
        Assert.Contains("Manager cm-junior stays on the account", task.Description);
    }

    [Fact]
    public async Task TierChanged_ToSilver_StartsNothing()
    {
        await using var host = await CrmProcessHost.StartAsync(Now);
        await SeedTeamAsync(host);
        await host.SeedAsync(Customer(4, CustomerTier.Silver));

        var result = await host.RaiseAsync("customer.tierChanged", "4", new JsonObject { ["customerId"] = 4, ["from"] = "Standard", ["to"] = "Silver" });

        Assert.Empty(result.StartedInstances);
        await using var db = host.Db();
        Assert.Null((await db.Customers.SingleAsync(c => c.Id == 4)).ManagerId);
    }

    [Fact]
    public async Task KeyAccountChanged_SilverCustomerBecomesKeyAccount_GetsADedicatedManager()
    {
        await using var host = await CrmProcessHost.StartAsync(Now);
        await SeedTeamAsync(host);
        var customer = Customer(5, CustomerTier.Silver);
        customer.IsKeyAccount = true;
        await host.SeedAsync(customer);

        var result = await host.RaiseAsync("customer.keyAccountChanged", "5", new JsonObject { ["customerId"] = 5, ["isKeyAccount"] = true, ["tier"] = "Silver" });

        Assert.Single(result.StartedInstances);
        await using var db = host.Db();
        Assert.NotNull((await db.Customers.SingleAsync(c => c.Id == 5)).ManagerId);
        var history = await db.AccountAssignments.Where(a => a.CustomerId == 5 && a.Role == AssignmentRole.Primary).SingleAsync();
        Assert.StartsWith("Became a key account (Silver)", history.Reason);
    }
}
