using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Crm.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.Startup;

/// <summary>
/// What runs before the host serves its first request or its worker fires its first timer:
/// migrate the database, seed demo data, import workflows/*.json. It runs in the hosts'
/// "starting" phase, so a failure stops start-up (also under the test host).
/// </summary>
public sealed class StartupTasks(IServiceProvider services, IConfiguration configuration, IHostEnvironment environment,
    ILogger<StartupTasks> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken ct)
    {
        await MigrateAsync(ct);
        if (configuration.GetValue("Seed:DemoData", false))
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync(ct);
        }
        await services.GetRequiredService<WorkflowImporter>().ImportAsync(Path.GetFullPath(configuration["Workflows:Folder"] ?? Path.Combine(environment.ContentRootPath, "workflows")), ct);
    }

    /// <summary>Creates the SQLite folder if needed and applies pending migrations.</summary>
    public async Task MigrateAsync(CancellationToken ct)
    {
        var provider = DatabaseSetup.Provider(configuration);
        if (provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(DatabaseSetup.ConnectionString(configuration, environment.ContentRootPath));
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        await using var db = await services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync(ct);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count > 0) logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(ct);
        // WAL lets readers work while a step commits; the setting is stored in the file.
        if (provider == DatabaseProvider.Sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }

    public Task StartAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StartedAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken ct) => Task.CompletedTask;
}
