using System.Net;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Web.Startup;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests;

/// <summary>Admins deactivate a leaving manager; the shipped client-manager workflow hands every account over.</summary>
public sealed class ManagerDeactivationTests(WebAppFixture app) : ApiTest(app), IAsyncLifetime
{
    private const string WorkflowId = "client-manager-assignment";

    // A region of its own, so only this test's managers qualify (the demo data has managers everywhere else).
    private readonly string _region = "Test region " + Guid.NewGuid().ToString("N")[..8];
    private readonly string _prefix = "cm-t" + Guid.NewGuid().ToString("N")[..6];

    // Other tests count the demo customers: take this test's rows away again.
    public new async ValueTask DisposeAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var customers = await db.Customers.Where(c => c.Region == _region).Select(c => c.Id).ToListAsync();
        await db.AccountAssignments.Where(a => customers.Contains(a.CustomerId)).ExecuteDeleteAsync();
        await db.OutboundMessages.Where(m => m.Recipient.StartsWith(_prefix)).ExecuteDeleteAsync();
        await db.Customers.Where(c => customers.Contains(c.Id)).ExecuteDeleteAsync();
        await db.ClientManagers.Where(m => m.Id.StartsWith(_prefix)).ExecuteDeleteAsync();
        await base.DisposeAsync();
    }

    private async Task PublishShippedWorkflowAsync(HttpClient admin)
    {
        var json = await File.ReadAllTextAsync(Path.Combine(ContentRoot.Find(), "workflows", $"{WorkflowId}.json"));
        await admin.PublishAsync(WorkflowId, json);
    }

    // The leaving manager serves a Diamond and two Gold customers; a Senior and a Junior colleague can take them.
    private async Task<(string Leaving, string Senior, string Junior, long[] Customers)> SeedAsync()
    {
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        ClientManager Manager(string suffix, Seniority seniority, int keyAccounts) => new()
        {
            Id = $"{_prefix}-{suffix}", Name = $"Test {suffix}", Email = $"{_prefix}-{suffix}@test.local", Regions = _region,
            Industries = "Retail", Seniority = seniority, KeyAccountCapacity = 5, KeyAccounts = keyAccounts,
        };
        var leaving = Manager("leaving", Seniority.Senior, 3);
        var senior = Manager("senior", Seniority.Senior, 0);
        var junior = Manager("junior", Seniority.Junior, 0);
        db.ClientManagers.AddRange(leaving, senior, junior);
        var customers = new[] { CustomerTier.Diamond, CustomerTier.Gold, CustomerTier.Gold }.Select((tier, i) => new Customer
        {
            Name = $"{_region} customer {i}", Kind = CustomerKind.Corporate, Tier = tier, Region = _region, Industry = "Retail",
            Email = $"{_prefix}-c{i}@test.local", ManagerId = leaving.Id, CreatedAt = DateTimeOffset.UtcNow.AddYears(-1),
        }).ToList();
        db.Customers.AddRange(customers);
        await db.SaveChangesAsync();
        db.AccountAssignments.AddRange(customers.Select(c => new AccountAssignment
        {
            CustomerId = c.Id, ManagerId = leaving.Id, Role = AssignmentRole.Primary, From = DateTimeOffset.UtcNow.AddYears(-1), Reason = "Initial assignment",
        }));
        await db.SaveChangesAsync();
        return (leaving.Id, senior.Id, junior.Id, customers.Select(c => c.Id).ToArray());
    }

    [Fact]
    public async Task Deactivate_WithShippedWorkflow_HandsEveryAccountOverAndSaysToWhom()
    {
        var admin = await App.AdminAsync();
        await PublishShippedWorkflowAsync(admin);
        var (leaving, senior, junior, customers) = await SeedAsync();

        var preview = await (await admin.GetAsync($"/api/managers/{leaving}/handover-preview")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, preview!["accounts"]!.AsArray().Count);
        Assert.Equal(senior, preview["accounts"]![0]!["toManagerId"]!.GetValue<string>());   // the Diamond account comes first and needs Senior

        var summary = await (await admin.PostJsonAsync($"/api/managers/{leaving}/deactivate", """{ "reason": "Left the company" }"""))
            .ExpectAsync(HttpStatusCode.OK);

        var handedOver = summary!["handedOver"]!.AsArray();
        Assert.Equal(customers.Order(), handedOver.Select(a => a!["customerId"]!.GetValue<long>()).Order());
        Assert.All(handedOver, a => Assert.Contains(a!["managerId"]!.GetValue<string>(), new[] { senior, junior }));
        Assert.Equal(senior, handedOver.Single(a => a!["customerId"]!.GetValue<long>() == customers[0])!["managerId"]!.GetValue<string>());
        Assert.Empty(summary["stillWithManager"]!.AsArray());
        Assert.Single(summary["instances"]!.AsArray());
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var manager = await db.ClientManagers.SingleAsync(m => m.Id == leaving);
        Assert.False(manager.IsActive);
        Assert.NotNull(manager.DeactivatedAt);
        Assert.Equal(3, await db.OutboundMessages.CountAsync(m => m.Template == "manager-handover" && m.Recipient.StartsWith(_prefix + "-c")));

        var again = await (await admin.PostAsync($"/api/managers/{leaving}/deactivate", null)).ExpectAsync(HttpStatusCode.Conflict);
        Assert.Contains("deactivated already", again!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deactivate_NoWorkflowPublished_DeactivatesAndReportsTheAccountsStillWithTheManager()
    {
        var admin = await App.AdminAsync();
        var (leaving, _, _, _) = await SeedAsync();

        var summary = await (await admin.PostAsync($"/api/managers/{leaving}/deactivate", null)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(3, summary!["stillWithManager"]!.AsArray().Count);
        Assert.Contains("No published workflow handles manager.deactivated", summary["note"]!.GetValue<string>());
    }

    [Fact]
    public async Task Deactivate_UnknownManager_Is404_AndNonAdmins_Are403()
    {
        var admin = await App.AdminAsync();
        var (leaving, _, _, _) = await SeedAsync();

        await (await admin.PostJsonAsync("/api/managers/cm-nobody-here/deactivate", "{}")).ExpectAsync(HttpStatusCode.NotFound);
        await (await admin.GetAsync("/api/managers/cm-nobody-here/handover-preview")).ExpectAsync(HttpStatusCode.NotFound);
        foreach (var user in new[] { await App.AnalystAsync(), await App.ManagerAsync(), await App.ConsultantAsync() })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await user.PostJsonAsync($"/api/managers/{leaving}/deactivate", "{}")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await user.GetAsync($"/api/managers/{leaving}/handover-preview")).StatusCode);
        }
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        Assert.True((await db.ClientManagers.SingleAsync(m => m.Id == leaving)).IsActive);
    }

    [Fact]
    public async Task Deactivate_BadBody_Is400AtThePath_AndChangesNothing()
    {
        var admin = await App.AdminAsync();
        var (leaving, _, _, _) = await SeedAsync();

        var future = await (await admin.PostJsonAsync($"/api/managers/{leaving}/deactivate", """{ "effectiveAt": "2999-01-01T00:00:00Z" }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(future!["errors"]!["$.effectiveAt"]);
        var unknown = await (await admin.PostJsonAsync($"/api/managers/{leaving}/deactivate", """{ "reasons": "typo" }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("reasons", unknown!.ToJsonString());
        var tooLong = await (await admin.PostJsonAsync($"/api/managers/{leaving}/deactivate", $$"""{ "reason": "{{new string('r', 201)}}" }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(tooLong!["errors"]!["$.reason"]);
        await using var db = await App.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        Assert.True((await db.ClientManagers.SingleAsync(m => m.Id == leaving)).IsActive);
    }
}
