using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Startup;

/// <summary>Creates the four roles and one demo user per role (Seed:DemoData).</summary>
public sealed class DemoSeeder(UserManager<AppUser> users, RoleManager<IdentityRole> roles, IConfiguration configuration,
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

    /// <summary>Idempotent: existing roles and users are left as they are.</summary>
    public async Task SeedAsync()
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
