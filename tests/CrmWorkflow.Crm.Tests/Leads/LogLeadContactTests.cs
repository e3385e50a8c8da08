using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Leads;

/// <summary>Logging a contact on a lead, with the shipped lead-routing workflow running.</summary>
public sealed class LogLeadContactTests
{
    private static readonly DateTimeOffset Monday10 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private static ClientManager Manager(int i) => new()
    {
        Id = $"cm-{i:0000}", Name = $"Manager {i}", Email = $"m{i}@example.com", Regions = "East China", Industries = "Retail",
        Seniority = Seniority.Junior, LeadCapacity = 100, SupervisorId = "cm-boss",
    };

    private static ClientManager Boss => new() { Id = "cm-boss", Name = "Sales Supervisor", Email = "boss@example.com", Regions = "Head office" };

    private static async Task<(CrmProcessHost Host, long LeadId)> LeadWithManagerAsync(string? email = null, string company = "Fang Trading")
    {
        var host = await CrmProcessHost.StartAsync(Monday10);
        await host.SeedAsync(Boss, Manager(1), Manager(2));
        var created = await host.Services.GetRequiredService<CreateLeadHandler>()
            .HandleAsync(new CreateLeadCommand("Wang Fang", company, email, "+86 21 5555 0101", "East China", "Retail", 40, "Web", null, 8000, 10));
        return (host, created.LeadId!.Value);
    }

    private static Task<LogContactResult> LogAsync(CrmProcessHost host, long lead, LogContactCommand command, string manager = "cm-0001") =>
        host.Services.GetRequiredService<LogLeadContactHandler>().HandleAsync(lead, new LeadAccess(manager), command, new ContactAuthor(manager, manager));

    [Fact]
    public async Task Log_FirstReachedContact_SetsContactedAtCompletesTheTaskAndNoRerouteFollows()
    {
        var (host, lead) = await LeadWithManagerAsync();
        await using var _ = host;
        host.Clock.Advance(TimeSpan.FromMinutes(45));

        var result = await LogAsync(host, lead, new LogContactCommand("phone", "Called; wants a demo next week.", "reached"));

        Assert.Equal((LogContactStatus.Logged, true, null), (result.Status, result.FirstContact, result.Note));
        await using (var db = host.Db())
        {
            var stored = (await db.Leads.FindAsync(lead))!;
            Assert.Equal((LeadStatus.Contacted, Monday10.AddMinutes(45)), (stored.Status, stored.ContactedAt));
            var task = await db.Set<HumanTaskRecord>().SingleAsync();
            Assert.Equal((HumanTaskStatus.Completed, "contacted"), (task.Status, task.Outcome));
            Assert.Contains("\"Phone\"", task.DataJson);
        }
        // Past the four hours: the lead stays with its manager and the supervisor hears nothing.
        await host.AdvanceAsync(TimeSpan.FromHours(5));
        var after = (await host.Services.GetRequiredService<GetLeadHandler>().GetAsync(lead, LeadAccess.All))!;
        Assert.Equal(("cm-0001", 1), (after.ManagerId, after.RoutingAttempts));
        Assert.Empty(await host.MessagesAsync("first-contact-overdue"));
    }

    [Fact]
    public async Task Log_NewProspect_KeepsContactsOnAProspectCustomerOfTheManager()
    {
        var (host, lead) = await LeadWithManagerAsync(email: "wang.fang@fang.example");
        await using var _ = host;

        var first = await LogAsync(host, lead, new LogContactCommand("Phone", "No answer, try tomorrow.", "notReached"));
        host.Clock.Advance(TimeSpan.FromMinutes(10));
        var second = await LogAsync(host, lead, new LogContactCommand("Email", "Sent the brochure.", Direction: "outbound"));

        Assert.False(first.FirstContact);
        Assert.True(second.FirstContact);
        Assert.Equal(first.CustomerId, second.CustomerId);
        await using var db = host.Db();
        var prospect = await db.Customers.Include(c => c.Contacts).SingleAsync(c => c.Id == first.CustomerId);
        Assert.Equal(("Fang Trading", LifecycleStatus.Prospect, "cm-0001"), (prospect.Name, prospect.Lifecycle, prospect.ManagerId));
        Assert.Equal("Wang Fang", Assert.Single(prospect.Contacts).Name);
        Assert.Equal(prospect.Id, (await db.Leads.FindAsync(lead))!.ConvertedCustomerId);
        var contacts = (await host.Services.GetRequiredService<GetLeadContactsHandler>().HandleAsync(lead, new LeadAccess("cm-0001")))!;
        Assert.Equal(["Sent the brochure.", "No answer, try tomorrow."], contacts.Items.Select(c => c.Summary));
        Assert.Equal([true, false], contacts.Items.Select(c => c.Reached));
        // The manager now sees the prospect among their customers, with the timeline.
        var view = await host.Services.GetRequiredService<GetCustomer360Handler>().HandleAsync(prospect.Id, CustomerAccess.ServedBy("cm-0001"));
        Assert.Equal(2, view!.Interactions.Count);
    }

    [Fact]
    public async Task Log_SomeoneElsesLead_IsNotFoundAndChangesNothing()
    {
        var (host, lead) = await LeadWithManagerAsync();
        await using var _ = host;

        var result = await LogAsync(host, lead, new LogContactCommand("Phone", "Sneaky call."), manager: "cm-0002");

        Assert.Equal(LogContactStatus.NotFound, result.Status);
        Assert.Null(await host.Services.GetRequiredService<GetLeadContactsHandler>().HandleAsync(lead, new LeadAccess("cm-0002")));
        await using var db = host.Db();
        Assert.Null((await db.Leads.FindAsync(lead))!.ContactedAt);
        Assert.Empty(await db.Interactions.ToListAsync());
        Assert.Equal(HumanTaskStatus.Open, (await db.Set<HumanTaskRecord>().SingleAsync()).Status);
    }

    [Fact]
    public async Task Log_BadInput_NamesEachFieldAndStoresNothing()
    {
        var (host, lead) = await LeadWithManagerAsync();
        await using var _ = host;

        var result = await LogAsync(host, lead, new LogContactCommand("Pigeon", " ", "maybe", "sideways"));

        Assert.Equal(LogContactStatus.Invalid, result.Status);
        Assert.Equal(["$.channel", "$.direction", "$.outcome", "$.summary"], result.Problems.Select(p => p.Path).Order());
        await using var db = host.Db();
        Assert.Empty(await db.Interactions.ToListAsync());
    }
}
