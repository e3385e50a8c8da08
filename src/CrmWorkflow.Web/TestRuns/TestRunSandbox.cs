using CrmWorkflow.Crm;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Features.Notifications;
using CrmWorkflow.Engine.Activities.Core;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime.Durable;
using CrmWorkflow.Web.Startup;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.TestRuns;

/// <summary>
/// One test run's world: its own SQLite file holding a copy of the sample CRM, its own engine,
/// the live templates, no message delivery (messages stay in its outbox as "would send") and no
/// outbound HTTP. Nothing it does reaches the live database, whatever provider that is.
/// </summary>
public sealed class TestRunSandbox : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly bool _deleteOnDispose;

    private TestRunSandbox(string folder, string templates, TimeProvider host, bool deleteOnDispose = true)
    {
        _deleteOnDispose = deleteOnDispose;
        Folder = folder;
        Clock = new SandboxClock(host);
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddPooledDbContextFactory<CrmDbContext>(o => ConfigureFile(o, Path.Combine(folder, "sandbox.db")));
        services.AddCrm();
        services.Configure<TemplateOptions>(o => o.Folder = templates);
        services.Configure<MessagingOptions>(o => o.PickupFolder = Path.Combine(folder, "outbox"));
        // Test runs call no one: an HTTP step fails with the allow-list's message.
        services.Configure<HttpActivityOptions>(o => o.AllowedHosts.Clear());
        _services = services.BuildServiceProvider();
    }

    /// <summary>Where the sandbox's files live (deleted on dispose).</summary>
    public string Folder { get; }

    /// <summary>The sandbox's clock, which the analyst can move forward.</summary>
    public SandboxClock Clock { get; }

    /// <summary>The sandbox's engine.</summary>
    public WorkflowRuntime Runtime => _services.GetRequiredService<WorkflowRuntime>();

    /// <summary>The sandbox's definitions.</summary>
    public WorkflowDefinitionStore Store => _services.GetRequiredService<WorkflowDefinitionStore>();

    /// <summary>A context on the sandbox's database.</summary>
    public CrmDbContext Db() => _services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContext();

    /// <summary>A sandbox over a copy of <paramref name="template"/> (a migrated sample database file).</summary>
    public static TestRunSandbox Open(string template, string folder, string templates, TimeProvider host)
    {
        Directory.CreateDirectory(folder);
        File.Copy(template, Path.Combine(folder, "sandbox.db"));
        return new TestRunSandbox(folder, templates, host);
    }

    /// <summary>Creates the sample database at <paramref name="path"/>: migrated, with generated customers, managers and policies.</summary>
    public static async Task CreateTemplateAsync(string path, string templates, TimeProvider host, int customers, CancellationToken ct)
    {
        var folder = Path.GetDirectoryName(path)!;
        var building = Path.Combine(folder, $"building-{Guid.NewGuid():N}");
        Directory.CreateDirectory(building);
        await using (var sandbox = new TestRunSandbox(building, templates, host, deleteOnDispose: false))
        {
            await using (var db = sandbox.Db()) await db.Database.MigrateAsync(ct);
            await sandbox._services.GetRequiredService<Crm.Seeding.CrmDataGenerator>()
                .GenerateAsync(new Crm.Seeding.SeedOptions { Customers = customers, Managers = 12 }, null, ct);
            await sandbox._services.GetRequiredService<Crm.Features.Segmentation.SegmentationJob>().RunAsync(ct);
            await using (var db = sandbox.Db()) await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        }
        File.Move(Path.Combine(building, "sandbox.db"), path, overwrite: true);
        Directory.Delete(building, recursive: true);
    }

    /// <summary>
    /// Brings a sample database built by an earlier version of the app up to this version's schema
    /// (the file is kept between runs and upgrades); returns the migrations it applied.
    /// </summary>
    public static async Task<IReadOnlyList<string>> UpgradeTemplateAsync(string path, CancellationToken ct)
    {
        await using var db = new CrmDbContext(ConfigureFile(new DbContextOptionsBuilder<CrmDbContext>(), path).Options);
        var pending = (await db.Database.GetPendingMigrationsAsync(ct)).ToList();
        if (pending.Count == 0) return pending;
        await db.Database.MigrateAsync(ct);
        await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", ct);
        return pending;
    }

    /// <summary>A context's options for a sandbox's SQLite file (unpooled connections: the file is copied and deleted).</summary>
    public static T ConfigureFile<T>(T options, string path) where T : DbContextOptionsBuilder
    {
        DatabaseSetup.Configure(options, DatabaseProvider.Sqlite, $"Data Source={path};Pooling=False");
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (!_deleteOnDispose) return;
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
