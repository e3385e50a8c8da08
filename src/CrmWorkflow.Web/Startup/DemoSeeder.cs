using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Segmentation;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Crm.Seeding;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.Startup;

/// <summary>
/// Demo data (Seed:DemoData): the four roles, one sign-in per role, a demo-size CRM
/// (Seed:Customers, 500 by default) and the demo client manager linked to manager@demo.local.
/// </summary>
public sealed class DemoSeeder(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IConfiguration configuration,
    CrmDataGenerator generator, SegmentationJob segmentation, IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock,
    ILogger<DemoSeeder> logger)
{
    /// <summary>The demo sign-ins: email, role, display name.</summary>
    public static readonly (string Email, string Role, string Name)[] DemoUsers =
    [
        ("admin@demo.local", Roles.Admin, "Ada Admin"),
        ("analyst@demo.local", Roles.Analyst, "Anna Analyst"),
        ("manager@demo.local", Roles.ClientManager, "Max Manager"),
        ("consultant@demo.local", Roles.Consultant, "Cora Consultant"),
    ];

    /// <summary>The demo client manager the manager user is linked to.</summary>
    public const string DemoClientManagerId = "cm-demo";

    /// <summary>Idempotent: what exists is left as it is.</summary>
    public async Task SeedAsync(CancellationToken ct = default)
    {
        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                Check(await roles.CreateAsync(new IdentityRole(role)), $"role {role}");
        var password = DemoPassword(configuration);
        foreach (var (email, role, name) in DemoUsers)
        {
            if (await users.FindByEmailAsync(email) is not null) continue;
            var user = new AppUser
            {
                UserName = email, Email = email, EmailConfirmed = true, DisplayName = name,
                ClientManagerId = role == Roles.ClientManager ? DemoClientManagerId : null,
                Queues = role == Roles.ClientManager ? "complaints" : null,
            };
            Check(await users.CreateAsync(user, password), email);
            Check(await users.AddToRoleAsync(user, role), $"{email} in {role}");
            logger.LogInformation("Created demo user {Email} ({Role})", email, role);
        }
        await SeedCrmAsync(ct);
    }

    private async Task SeedCrmAsync(CancellationToken ct)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            if (await db.Customers.AnyAsync(ct)) return;
        var customers = configuration.GetValue("Seed:Customers", 500);
        var report = await generator.GenerateAsync(new SeedOptions { Customers = customers }, null, ct);
        logger.LogInformation("Generated demo CRM: {Customers} customers, {Rows} rows in {Seconds:0.0} s", customers, report.Rows, report.Elapsed.TotalSeconds);
        await LinkDemoManagerAsync(ct);
        // Scores, tiers and key accounts, so the demo shows segments from the start.
        await segmentation.RunAsync(ct);
        // Tiers are known only now: count each manager's dedicated accounts (and the demo manager's book).
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
            await CrmWorkflow.Crm.Features.Managers.ManagerCounters.RecountAsync(db, ct);
    }

    // The demo manager serves a handful of corporate customers so their inbox and book are not empty.
    private async Task LinkDemoManagerAsync(CancellationToken ct)
    {
        var user = await users.FindByEmailAsync("manager@demo.local");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.ClientManagers.AnyAsync(m => m.Id == DemoClientManagerId, ct)) return;
        db.ClientManagers.Add(new ClientManager
        {
            Id = DemoClientManagerId, Name = "Max Manager", UserId = user?.Id, Email = "manager@demo.local",
            Regions = "East China,North China", Industries = "Manufacturing,Retail,Technology", Skills = "enterprise,service",
            Languages = "zh,en", Seniority = Seniority.Senior, LeadCapacity = 30, KeyAccountCapacity = 15, Team = "East China team", CalendarId = 1,
        });
        var now = clock.GetUtcNow();
        var book = await db.Customers.Where(c => c.Kind == CustomerKind.Corporate).OrderBy(c => c.Id).Take(12).ToListAsync(ct);
        foreach (var customer in book)
        {
            customer.ManagerId = DemoClientManagerId;
            await db.AccountAssignments.Where(a => a.CustomerId == customer.Id && a.To == null)
                .ExecuteUpdateAsync(s => s.SetProperty(a => a.To, now), ct);
            db.AccountAssignments.Add(new AccountAssignment
            {
                CustomerId = customer.Id, ManagerId = DemoClientManagerId, Role = AssignmentRole.Primary, From = now, Reason = "Demo book of business",
            });
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Seed:DemoPassword, required when demo data is on.</summary>
    public static string DemoPassword(IConfiguration configuration) =>
        configuration["Seed:DemoPassword"] is { Length: > 0 } p
            ? p
            : throw new InvalidOperationException("Seed:DemoData is true but Seed:DemoPassword is empty; set it in appsettings.json.");

    private static void Check(IdentityResult result, string what)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create {what}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
    }
}
