using CrmWorkflow.Crm.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.Startup;

/// <summary>What runs before the host serves its first request.</summary>
public static class StartupTasks
{
    /// <summary>Migrates the database, seeds demo data and imports workflows/*.json.</summary>
    public static async Task PrepareAsync(this WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CrmWorkflow.Startup");
        await MigrateAsync(app.Services, app.Configuration, logger);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            if (app.Configuration.GetValue("Seed:DemoData", false))
                await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }
        await app.Services.GetRequiredService<WorkflowImporter>().ImportAsync(WorkflowImporter.Folder(app.Environment, app.Configuration));
    }

    private static async Task MigrateAsync(IServiceProvider services, IConfiguration configuration, ILogger logger)
    {
        var provider = DatabaseSetup.Provider(configuration);
        if (provider == DatabaseProvider.Sqlite)
        {
            var builder = new SqliteConnectionStringBuilder(configuration.GetConnectionString("CrmWorkflow") ?? DatabaseSetup.DefaultSqlite);
            var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
            if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        }
        await using var db = await services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
        if (pending.Count > 0) logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync();
        // WAL lets readers work while a step commits; the setting is stored in the file.
        if (provider == DatabaseProvider.Sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
