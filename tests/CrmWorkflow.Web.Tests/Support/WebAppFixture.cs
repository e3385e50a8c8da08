using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests.Support;

/// <summary>
/// The real host over a real SQLite file in a temp folder, migrated and seeded by the host's
/// own start-up. Shared by every test in the "web" collection; <see cref="ResetAsync"/> gives
/// each test empty workflow tables and unlocked demo users.
/// </summary>
public sealed class WebAppFixture : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string DemoPassword = "Test!Demo2026";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"crmwf-web-{Guid.NewGuid():N}");

    private static readonly string[] ResetSql =
    [
        "DELETE FROM WorkflowJournal", "DELETE FROM WorkflowIncidents", "DELETE FROM WorkflowWorkItems", "DELETE FROM WorkflowTasks",
        "DELETE FROM WorkflowBookmarks", "DELETE FROM WorkflowInstances", "DELETE FROM WorkflowTriggers",
        "DELETE FROM WorkflowDefinitions", "DELETE FROM IdempotencyRecords",
    ];

    public string DatabasePath => Path.Combine(_folder, "crmworkflow.db");

    public string WorkflowsFolder => Path.Combine(_folder, "workflows");

    /// <summary>The sample CRM test runs copy (built on the first test run).</summary>
    public string TestRunTemplatePath => Path.Combine(_folder, "test-runs", "sample-crm.db");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(WorkflowsFolder);
        builder.UseEnvironment("Testing");
        builder.UseSetting("Database:Provider", "Sqlite");
        builder.UseSetting("ConnectionStrings:CrmWorkflow", $"Data Source={DatabasePath};Default Timeout=30");
        builder.UseSetting("Seed:DemoData", "true");
        builder.UseSetting("Seed:DemoPassword", DemoPassword);
        builder.UseSetting("Workflows:Folder", WorkflowsFolder);
        builder.UseSetting("Workflow:Worker:Enabled", "false");
        // Tests deliver messages themselves (MessageSender.DeliverDueAsync), into the test's folder.
        builder.UseSetting("Messaging:Sender:Enabled", "false");
        builder.UseSetting("Messaging:PickupFolder", Path.Combine(_folder, "outbox"));
        builder.UseSetting("Auth:MaxFailedSignIns", "5");
        builder.UseSetting("TestRuns:Folder", Path.Combine(_folder, "test-runs"));
    }

    public ValueTask InitializeAsync()
    {
        // Building the server runs Program's start-up: migrations, demo users, workflow import.
        _ = Server;
        return ValueTask.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { /* a file still held open only leaves a temp folder behind */ }
    }

    /// <summary>Empties the workflow and idempotency tables and unlocks every user.</summary>
    public async Task ResetAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IDbContextFactory<CrmDbContext>>();
        await using var context = await db.CreateDbContextAsync();
        foreach (var sql in ResetSql) await context.Database.ExecuteSqlRawAsync(sql);
        // The tables were emptied behind the definition store's back.
        Services.GetRequiredService<CrmWorkflow.Engine.Persistence.WorkflowDefinitionStore>().ClearCaches();
        await context.Users.ExecuteUpdateAsync(s => s.SetProperty(u => u.AccessFailedCount, 0).SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null));
    }

    /// <summary>Creates a user with a role (and queues) for one test; returns its email.</summary>
    public async Task<AppUser> CreateUserAsync(string role, string? queues = null, string password = DemoPassword)
    {
        await using var scope = Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var email = $"{role.ToLowerInvariant()}-{Guid.NewGuid():N}@test.local";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = email, Queues = queues };
        Check(await users.CreateAsync(user, password));
        Check(await users.AddToRoleAsync(user, role));
        return user;
    }

    /// <summary>A client signed in through POST /api/auth/login with the bearer token it returned.</summary>
    public async Task<HttpClient> SignInAsync(string email, string password = DemoPassword)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode} {body}");
        var token = JsonNode.Parse(body)!["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public Task<HttpClient> AdminAsync() => SignInAsync("admin@demo.local");

    public Task<HttpClient> AnalystAsync() => SignInAsync("analyst@demo.local");

    public Task<HttpClient> ManagerAsync() => SignInAsync("manager@demo.local");

    public Task<HttpClient> ConsultantAsync() => SignInAsync("consultant@demo.local");

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw new InvalidOperationException(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}

/// <summary>Every web test shares one host; tests in the collection run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web";
}

/// <summary>Base of the API tests: a clean database before each test.</summary>
[Collection(WebCollection.Name)]
public abstract class ApiTest(WebAppFixture app) : IAsyncLifetime
{
    protected WebAppFixture App { get; } = app;

    public virtual async ValueTask InitializeAsync() => await App.ResetAsync();

    public ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}
