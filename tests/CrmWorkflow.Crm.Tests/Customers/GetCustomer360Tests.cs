using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Customers;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Customers;

/// <summary>The customer 360 handler behind the page and GET /api/customers/{id}.</summary>
public sealed class GetCustomer360Tests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static ClientManager Manager(string id) => new() { Id = id, Name = $"Manager {id}", Regions = "East China" };

    private static Customer Customer(string name, string manager) => new()
    {
        Name = name, Kind = CustomerKind.Corporate, Region = "East China", Industry = "Retail", Tier = CustomerTier.Gold, ManagerId = manager, CreatedAt = Now.AddYears(-3),
    };

    private static async Task<CrmProcessHost> HostAsync(params object[] rows)
    {
        var host = await CrmProcessHost.StartAsync(Now, importWorkflows: false);
        await host.SeedAsync(rows);
        return host;
    }

    [Fact]
    public async Task Handle_ManagerAOpensManagerBsCustomer_GetsNothing()
    {
        var theirs = Customer("Theirs Ltd", "cm-b");
        await using var host = await HostAsync(Manager("cm-a"), Manager("cm-b"), theirs);
        var handler = host.Services.GetRequiredService<GetCustomer360Handler>();

        Assert.Null(await handler.HandleAsync(theirs.Id, CustomerAccess.ServedBy("cm-a")));
        Assert.Equal("Theirs Ltd", (await handler.HandleAsync(theirs.Id, CustomerAccess.ServedBy("cm-b")))!.Profile.Name);
        Assert.NotNull(await handler.HandleAsync(theirs.Id, CustomerAccess.All));
    }

    [Fact]
    public async Task Handle_CurrentBackupManager_SeesTheCustomerWithManagerNames()
    {
        var shared = Customer("Shared Ltd", "cm-b");
        await using var host = await HostAsync(Manager("cm-a"), Manager("cm-b"), shared);
        await host.SeedAsync(
            new AccountAssignment { CustomerId = shared.Id, ManagerId = "cm-b", Role = AssignmentRole.Primary, From = Now.AddYears(-1) },
            new AccountAssignment { CustomerId = shared.Id, ManagerId = "cm-a", Role = AssignmentRole.Backup, From = Now.AddDays(-3) });

        var view = await host.Services.GetRequiredService<GetCustomer360Handler>().HandleAsync(shared.Id, CustomerAccess.ServedBy("cm-a"));

        Assert.Equal(["cm-a", "cm-b"], view!.Assignments.Select(a => a.ManagerId));
        Assert.Equal("Manager cm-b", view.ManagerNames["cm-b"]);
    }

    [Fact]
    public async Task Handle_Orders_SpendPerMonthCoversTheLast24MonthsWithEmptyMonths()
    {
        var buyer = Customer("Buyer Ltd", "cm-a");
        await using var host = await HostAsync(Manager("cm-a"), buyer);
        await host.SeedAsync(
            new Order { CustomerId = buyer.Id, OrderedAt = Now.AddDays(-2), Amount = 100, Channel = Channel.Web },
            new Order { CustomerId = buyer.Id, OrderedAt = Now.AddDays(-5), Amount = 50, Channel = Channel.Visit },
            new Order { CustomerId = buyer.Id, OrderedAt = Now.AddYears(-3), Amount = 999, Channel = Channel.Web });

        var purchases = (await host.Services.GetRequiredService<GetCustomer360Handler>().HandleAsync(buyer.Id, CustomerAccess.All))!.Purchases;

        Assert.Equal((3, 1149m), (purchases.Orders, purchases.Amount));
        Assert.Equal(24, purchases.ByMonth.Count);
        Assert.Equal(("2026-11", 2, 150m), (purchases.ByMonth[^1].Month, purchases.ByMonth[^1].Orders, purchases.ByMonth[^1].Amount));
        Assert.Equal("2024-12", purchases.ByMonth[0].Month);
        Assert.Equal(150m, purchases.ByMonth.Sum(m => m.Amount));
    }
}
