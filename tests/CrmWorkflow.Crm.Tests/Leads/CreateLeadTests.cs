using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Leads;

/// <summary>
/// Storing a new lead: on SQLite the routing step inserts it once, with its assignment; these are
/// the paths where no routing step stores it.
/// </summary>
public sealed class CreateLeadTests
{
    private static readonly DateTimeOffset Monday10 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static readonly ClientManager Manager = new()
    {
        Id = "cm-0001", Name = "Manager 1", Email = "m1@example.com", Regions = "East China", Industries = "Retail",
        Seniority = Seniority.Junior, LeadCapacity = 100,
    };

    private static CreateLeadCommand NewLead(int i) => new($"Person {i}", $"Company {i}", null, null, "East China", "Retail", 10, "Web", null, 1000, 10);

    private static async Task<long> CreateAsync(CrmProcessHost host, int i)
    {
        var result = await host.Services.GetRequiredService<CreateLeadHandler>().HandleAsync(NewLead(i));
        Assert.Empty(result.Problems);
        return result.LeadId!.Value;
    }

    [Fact]
    public async Task Create_NoRoutingWorkflowPublished_LeadStoredAsNew()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10, importWorkflows: false);

        var id = await CreateAsync(host, 1);

        await using var db = host.Db();
        var lead = await db.Leads.SingleAsync(l => l.Id == id);
        Assert.Equal(("Person 1", LeadStatus.New, null), (lead.PersonName, lead.Status, lead.AssignedManagerId));
        Assert.Empty(await db.Set<WorkflowInstanceRecord>().ToListAsync());
    }

    [Fact]
    public async Task Create_RoutingStepCannotBeStored_LeadKeptAsItCameAndRoutedInTheBackground()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10);
        await host.SeedAsync(Manager);
        // The routing step's task cannot be written, as a full disk or a schema problem would refuse it.
        await using (var db = host.Db())
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER refuse_tasks BEFORE INSERT ON WorkflowTasks BEGIN SELECT RAISE(ABORT, 'tasks refused'); END");

        var id = await CreateAsync(host, 1);

        await using (var db = host.Db())
        {
            var stored = await db.Leads.SingleAsync(l => l.Id == id);
            Assert.Equal((LeadStatus.New, null, null), (stored.Status, stored.AssignedManagerId, stored.RoutingExplanation));
            Assert.Single(await db.Set<WorkItemRecord>().ToListAsync());
            await db.Database.ExecuteSqlRawAsync("DROP TRIGGER refuse_tasks");
        }
        // The failed attempt right after the commit holds the work for its lease; then the worker redoes it.
        await host.AdvanceAsync(TimeSpan.FromMinutes(5));

        await using var check = host.Db();
        var routed = await check.Leads.SingleAsync(l => l.Id == id);
        Assert.Equal((LeadStatus.Assigned, "cm-0001"), (routed.Status, routed.AssignedManagerId));
        Assert.NotNull(routed.RoutingExplanation);
    }

    [Fact]
    public async Task Create_AfterTheNewestLeadWasDeleted_ItsIdIsNotGivenAgain()
    {
        await using var host = await CrmProcessHost.StartAsync(Monday10);
        await host.SeedAsync(Manager);
        var first = await CreateAsync(host, 1);
        var second = await CreateAsync(host, 2);
        await using (var db = host.Db())
            await db.Leads.Where(l => l.Id == second).ExecuteDeleteAsync();

        var third = await CreateAsync(host, 3);

        Assert.Equal(first + 1, second);
        Assert.Equal(second + 1, third);
    }
}
