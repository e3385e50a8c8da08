using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Managers;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static CrmWorkflow.Crm.Tests.ClientManagers.Rows;

namespace CrmWorkflow.Crm.Tests.ClientManagers;

/// <summary>A manager who leaves hands every account over in one run of the shipped workflow.</summary>
public sealed class ManagerHandoverTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LastYear = Now.AddYears(-1);

    // cm-leaving serves 12 key accounts: 4 Diamond (need Senior or above), 8 Gold. Customer 5 has cm-c as backup;
    // customer 12 has no email of its own, only a contact's.
    private static async Task SeedBookAsync(CrmProcessHost host)
    {
        await host.SeedAsync(
            Manager("cm-leaving", Seniority.Senior, capacity: 12, keyAccounts: 12),
            Manager("cm-a", Seniority.Senior, capacity: 5, keyAccounts: 1),
            Manager("cm-b", Seniority.Principal, industries: "Manufacturing", capacity: 6, keyAccounts: 2),
            Manager("cm-c", Seniority.Junior, capacity: 10),
            Manager("cm-d", Seniority.Senior, regions: West, capacity: 20));
        for (var id = 1; id <= 12; id++)
        {
            await host.SeedAsync(Customer(id, id <= 4 ? CustomerTier.Diamond : CustomerTier.Gold, managerId: "cm-leaving", email: id == 12 ? null : "auto"),
                Primary(id, "cm-leaving", LastYear));
        }
        await host.SeedAsync(
            new AccountAssignment { CustomerId = 5, ManagerId = "cm-c", Role = AssignmentRole.Backup, From = LastYear, Reason = "Backup" },
            new Contact { CustomerId = 12, Name = "Wang Fang", Email = "wang.fang@example.com" },
            new Opportunity { CustomerId = 1, Name = "Renewal", Stage = OpportunityStage.Proposal, Amount = 50_000m, ManagerId = "cm-leaving" },
            new Lead { PersonName = "Li Lei", Region = East, Industry = "Retail", Status = LeadStatus.Assigned, AssignedManagerId = "cm-leaving", CreatedAt = LastYear },
            new Lead { PersonName = "Han Mei", Region = East, Industry = "Retail", Status = LeadStatus.Contacted, AssignedManagerId = "cm-leaving", CreatedAt = LastYear });
    }

    [Fact]
    public async Task Deactivate_TwelveKeyAccounts_AllHandedOverInOneRunWithinCapacity()
    {
        await using var host = await CrmProcessHost.StartAsync(Now);
        await SeedBookAsync(host);

        var result = await host.Services.GetRequiredService<DeactivateManagerHandler>()
            .HandleAsync(new DeactivateManagerCommand("cm-leaving", "Left the company", null, "admin@example.com"));

        Assert.Equal(DeactivationStatus.Done, result.Status);
        var summary = result.Summary!;
        Assert.Equal((12, 12, 0, 0, 2), (summary.Accounts, summary.HandedOver.Count, summary.WithoutManager.Count, summary.StillWithManager.Count, summary.OpenLeads));
        await using var db = host.Db();
        var managers = await db.ClientManagers.ToDictionaryAsync(m => m.Id);
        var customers = await db.Customers.ToListAsync();
        Assert.All(customers, c => Assert.Contains(c.ManagerId, new[] { "cm-a", "cm-b", "cm-c" }));
        Assert.All(customers.Where(c => c.Tier == CustomerTier.Diamond), c => Assert.True(managers[c.ManagerId!].Seniority >= Seniority.Senior));
        Assert.Equal("cm-c", customers.Single(c => c.Id == 5).ManagerId);
        Assert.All(managers.Values, m => Assert.True(m.KeyAccounts <= m.KeyAccountCapacity, $"{m.Id}: {m.KeyAccounts} of {m.KeyAccountCapacity}"));
        Assert.Equal((1 + 2 + 12), managers["cm-a"].KeyAccounts + managers["cm-b"].KeyAccounts + managers["cm-c"].KeyAccounts);
        Assert.Equal((false, (DateTimeOffset?)Now, 0), (managers["cm-leaving"].IsActive, managers["cm-leaving"].DeactivatedAt, managers["cm-leaving"].KeyAccounts));

        var rows = await db.AccountAssignments.ToListAsync();
        var closed = rows.Where(r => r.ManagerId == "cm-leaving").ToList();
        Assert.Equal(12, closed.Count);
        Assert.All(closed, r => Assert.Equal(Now, r.To));
        Assert.All(closed, r => Assert.Contains("ended: replaced by", r.Reason));
        var open = rows.Where(r => r.Role == AssignmentRole.Primary && r.To == null).ToList();
        Assert.Equal(Enumerable.Range(1, 12).Select(i => (long)i), open.Select(r => r.CustomerId).Order());
        Assert.All(open, r => Assert.Equal(customers.Single(c => c.Id == r.CustomerId).ManagerId, r.ManagerId));
        Assert.All(open, r => Assert.Contains("Handover from Manager cm-leaving (Left the company)", r.Reason));
        Assert.Contains(rows, r => r.CustomerId == 5 && r.ManagerId == "cm-c" && r.Role == AssignmentRole.Backup && r.Reason!.Contains("promoted to primary"));
        Assert.Equal(customers.Single(c => c.Id == 1).ManagerId, (await db.Opportunities.SingleAsync()).ManagerId);

        var notices = await host.MessagesAsync("manager-handover");
        Assert.Equal(12, notices.Count);
        Assert.Equal(12, notices.Select(n => n.RelatedId).Distinct().Count());
        Assert.Contains(notices, n => n.Recipient == "wang.fang@example.com" && n.Body.Contains("Dear Wang Fang"));
        Assert.All(notices, n => Assert.Contains("Manager cm-leaving has handed over", n.Body));
        var toManagers = await host.MessagesAsync("account-assigned");
        Assert.Equal(summary.HandedOver.Select(h => h.ManagerId).Distinct().Count(), toManagers.Count);

        await host.DrainAsync();
        Assert.All(await host.MessagesAsync(), m => Assert.Equal(MessageStatus.Sent, m.Status));
        Assert.Equal(12 + toManagers.Count, Directory.GetFiles(Path.Combine(host.PickupFolder, "email")).Length);
    }

    [Fact]
    public async Task Preview_ShowsTheHandoverTheWorkflowThenMakes_AndWritesNothing()
    {
        await using var host = await CrmProcessHost.StartAsync(Now);
        await SeedBookAsync(host);

        var preview = await host.Services.GetRequiredService<HandoverPreviewHandler>().HandleAsync("cm-leaving");

        Assert.NotNull(preview);
        Assert.Equal(12, preview.Accounts.Count);
        Assert.StartsWith("client-manager-assignment v1", preview.RulesFrom);
        await using (var db = host.Db())
        {
            Assert.All(await db.Customers.ToListAsync(), c => Assert.Equal("cm-leaving", c.ManagerId));
            Assert.Equal(13, await db.AccountAssignments.CountAsync());
            Assert.Equal(12, (await db.ClientManagers.SingleAsync(m => m.Id == "cm-leaving")).KeyAccounts);
        }
        var result = await host.Services.GetRequiredService<DeactivateManagerHandler>()
            .HandleAsync(new DeactivateManagerCommand("cm-leaving", null, null, null));
        Assert.Equal(preview.Accounts.Select(a => (a.CustomerId, a.ToManagerId)).OrderBy(a => a.CustomerId),
            result.Summary!.HandedOver.Select(a => (a.CustomerId, a.ManagerId!)).OrderBy(a => a.CustomerId));
    }

    [Fact]
    public async Task Deactivate_NobodyFitsSomeAccounts_ClosesTheirPairingAndAsksAnAdmin()
    {
        await using var host = await CrmProcessHost.StartAsync(Now);
        await host.SeedAsync(Manager("cm-leaving", Seniority.Principal, keyAccounts: 2), Manager("cm-junior", Seniority.Junior),
            Customer(1, CustomerTier.Diamond, managerId: "cm-leaving"), Customer(2, CustomerTier.Gold, managerId: "cm-leaving"),
            Primary(1, "cm-leaving", LastYear), Primary(2, "cm-leaving", LastYear));

        var result = await host.Services.GetRequiredService<DeactivateManagerHandler>()
            .HandleAsync(new DeactivateManagerCommand("cm-leaving", "Retired", null, null));

        var summary = result.Summary!;
        Assert.Equal(2L, Assert.Single(summary.HandedOver).CustomerId);
        Assert.Equal(1L, Assert.Single(summary.WithoutManager).CustomerId);
        await using var db = host.Db();
        Assert.Null((await db.Customers.SingleAsync(c => c.Id == 1)).ManagerId);
        Assert.Contains("no successor yet", (await db.AccountAssignments.SingleAsync(a => a.CustomerId == 1)).Reason);
        var task = await db.Set<HumanTaskRecord>().SingleAsync();
        Assert.Equal(("Admin", "urgent"), (task.Role, task.Priority));
        Assert.Contains("1 account(s) found no successor", task.Description);
    }

    [Fact]
    public async Task Deactivate_UnknownOrAlreadyInactive_IsRefused()
    {
        await using var host = await CrmProcessHost.StartAsync(Now);
        await host.SeedAsync(Manager("cm-gone", Seniority.Senior, active: false));
        var handler = host.Services.GetRequiredService<DeactivateManagerHandler>();

        Assert.Equal(DeactivationStatus.NotFound, (await handler.HandleAsync(new("cm-nobody", null, null, null))).Status);
        Assert.Equal(DeactivationStatus.AlreadyInactive, (await handler.HandleAsync(new("cm-gone", null, null, null))).Status);
        var future = await handler.HandleAsync(new("cm-gone", null, Now.AddDays(3), null));
        Assert.Equal((DeactivationStatus.Invalid, "$.effectiveAt"), (future.Status, future.Path));
    }
}
