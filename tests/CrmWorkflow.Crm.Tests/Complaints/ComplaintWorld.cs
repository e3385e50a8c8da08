using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Complaints;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Crm.Tests.Complaints;

/// <summary>
/// Known rows for complaint tests: a Shanghai office calendar (09:00-18:00, Monday to Friday,
/// Monday 2026-11-30 a holiday), a Gold/High policy (respond in 60, resolve in 960 working
/// minutes, warn at 75 %), the Gold customer Acme served by cm-own (supervised by cm-boss) and
/// senior managers for level-2 escalation: only cm-free is active, present, in the customer's
/// region and least loaded.
/// </summary>
public static class ComplaintWorld
{
    /// <summary>Friday 2026-11-27 17:30 in Shanghai.</summary>
    public static readonly DateTimeOffset FridayEvening = new(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);

    public const long Acme = 1, Beta = 2, LiWei = 1, NoEmailContact = 2;

    public static async Task SeedAsync(CrmProcessHost host)
    {
        await host.SeedAsync(
            new BusinessCalendarRecord { Id = 10, Name = "Shanghai office", TimeZone = "Asia/Shanghai", Start = "09:00", End = "18:00", Holidays = "2026-11-30" },
            new SlaPolicy { Id = 1, Name = "Gold / High", Tier = CustomerTier.Gold, Severity = Severity.High, ResponseMinutes = 60, ResolutionMinutes = 960, WarningThreshold = 0.75m, CalendarId = 10 },
            new SlaPolicy { Id = 2, Name = "Gold / Low", Tier = CustomerTier.Gold, Severity = Severity.Low, ResponseMinutes = 240, ResolutionMinutes = 2400, WarningThreshold = 0.8m, CalendarId = 10 },
            Manager("cm-own", Seniority.Junior, "East", supervisor: "cm-boss"),
            Manager("cm-boss", Seniority.Senior, "Head office"),
            Manager("cm-busy", Seniority.Senior, "East"),
            Manager("cm-away", Seniority.Principal, "East"),
            Manager("cm-west", Seniority.Senior, "West"),
            Manager("cm-free", Seniority.Senior, "North,East"),
            Manager("cm-gone", Seniority.Principal, "East", active: false),
            new OutOfOffice { ManagerId = "cm-away", From = FridayEvening, To = FridayEvening.AddDays(30), Reason = "Parental leave" },
            new Customer
            {
                Id = Acme, Name = "Acme Trading", Tier = CustomerTier.Gold, Region = "East", Industry = "Retail", ManagerId = "cm-own",
                Email = "service@acme.example", CreatedAt = FridayEvening.AddYears(-2),
                Contacts = [new Contact { Id = LiWei, Name = "Li Wei", Email = "li.wei@acme.example" }, new Contact { Id = NoEmailContact, Name = "Zhang Min" }],
            },
            new Customer { Id = Beta, Name = "Beta Foods", Tier = CustomerTier.Silver, Region = "West", ManagerId = "cm-west", CreatedAt = FridayEvening.AddYears(-1) });
        // Open complaints make cm-busy (2) and cm-free (1) busy; resolved ones do not count.
        await host.SeedAsync(
            Filler("cm-busy", ComplaintStatus.InProgress), Filler("cm-busy", ComplaintStatus.New), Filler("cm-busy", ComplaintStatus.Closed),
            Filler("cm-free", ComplaintStatus.WaitingOnCustomer), Filler("cm-west", ComplaintStatus.Resolved));
    }

    private static ClientManager Manager(string id, Seniority seniority, string regions, string? supervisor = null, bool active = true) => new()
    {
        Id = id, Name = id.Replace("cm-", "Manager ", StringComparison.Ordinal), Email = $"{id}@crm.example", Regions = regions,
        Seniority = seniority, SupervisorId = supervisor, IsActive = active,
    };

    private static Complaint Filler(string assignee, ComplaintStatus status) => new()
    {
        CustomerId = Beta, Channel = Channel.Email, Category = "Billing", Severity = Severity.Low, Description = "Old case",
        Status = status, AssigneeId = assignee, OpenedAt = FridayEvening.AddDays(-10),
    };

    /// <summary>Registers a complaint as the API does (row and complaint.received in one transaction, dispatched at once).</summary>
    public static async Task<ComplaintView> FileAsync(CrmProcessHost host, long customerId = Acme, long? contactId = LiWei, string severity = "high",
        string category = "Delivery")
    {
        var result = await host.Services.GetRequiredService<CreateComplaintHandler>()
            .HandleAsync(new CreateComplaint(customerId, contactId, "phone", category, severity, "The order arrived two weeks late."), CustomerAccess.All);
        return result.View ?? throw new InvalidOperationException(string.Join("; ", result.Problems!.Select(p => $"{p.Path}: {p.Message}")));
    }

    /// <summary>Changes the status as the API does.</summary>
    public static async Task<ComplaintResult> StatusAsync(CrmProcessHost host, long id, string status, string? resolution = null, string? note = null) =>
        await host.Services.GetRequiredService<ChangeComplaintStatusHandler>()
            .HandleAsync(new ChangeComplaintStatus(id, status, note, resolution, resolution is null ? null : "Supplier", "agent@crm.example"), CustomerAccess.All);

    public static async Task<ComplaintView> ViewAsync(CrmProcessHost host, long id) =>
        (await host.Services.GetRequiredService<GetComplaintHandler>().HandleAsync(id, CustomerAccess.All))!;

    public static async Task<Complaint> ComplaintAsync(CrmProcessHost host, long id)
    {
        await using var db = host.Db();
        return await db.Complaints.AsNoTracking().FirstAsync(c => c.Id == id);
    }

    public static async Task<List<HumanTaskRecord>> OpenTasksAsync(CrmProcessHost host)
    {
        await using var db = host.Db();
        return await db.Set<HumanTaskRecord>().AsNoTracking().Where(t => t.Status == HumanTaskStatus.Open).OrderBy(t => t.CreatedAt).ToListAsync();
    }

    /// <summary>Moves the clock to an instant and runs what fell due.</summary>
    public static Task AdvanceToAsync(CrmProcessHost host, DateTimeOffset at) => host.AdvanceAsync(at - host.Clock.GetUtcNow());

    public static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);
}
