using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime.Durable;
using CrmWorkflow.Migrations.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CrmWorkflow.Engine.Tests.Support;

/// <summary>A host-like DbContext: the engine model plus one domain table, as the CRM composes it.</summary>
public sealed class TestDbContext(DbContextOptions<TestDbContext> options) : DbContext(options)
{
    public DbSet<Note> Notes => Set<Note>();
    public DbSet<Account> Accounts => Set<Account>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyWorkflowEngineModel();
        modelBuilder.Entity<Note>().HasIndex(n => n.Key).IsUnique();
        modelBuilder.Entity<Account>().Property(a => a.Balance).IsConcurrencyToken();
        modelBuilder.Entity<Account>().Property(a => a.Kind).HasConversion<string>();
        modelBuilder.Entity<Account>().HasIndex(a => a.Name).IsUnique();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.UseWorkflowEngineConventions(isSqlite: true);
}

/// <summary>A domain row written by a test activity in the same step as the instance.</summary>
public sealed class Note
{
    public int Id { get; set; }
    public string Key { get; set; } = "";
    public string Text { get; set; } = "";
}

/// <summary>A domain row with an application-set key and a concurrency token, like a CRM manager's load.</summary>
public sealed class Account
{
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    public AccountKind Kind { get; set; }
    public int Balance { get; set; }
    public string? Owner { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum AccountKind { Retail, Key }

/// <summary>
/// A database file on disk (WAL) and one or more "hosts" (service providers) over it, each
/// with its own runtime, as separate processes would have.
/// </summary>
public sealed class SqliteDatabase : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crmwf-{Guid.NewGuid():N}.db");
    public string ConnectionString => $"Data Source={Path};Pooling=True;Default Timeout=60";
    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));

    public SqliteDatabase()
    {
        using var db = new TestDbContext(new DbContextOptionsBuilder<TestDbContext>().UseSqlite(ConnectionString).UseSqliteTableLayout().Options);
        // Engine tests own this schema; the product's hosts apply real migrations instead.
        db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
        foreach (var statement in db.Database.GenerateCreateScript().Split(";", StringSplitOptions.RemoveEmptyEntries))
            if (!string.IsNullOrWhiteSpace(statement)) db.Database.ExecuteSqlRaw(statement);
    }

    public TestHost NewHost(string? hostId = null, Action<IServiceCollection>? configure = null, params Activity[] extraActivities) =>
        NewHost(Clock, hostId, configure, extraActivities);

    public TestHost NewHost(TimeProvider clock, string? hostId = null, Action<IServiceCollection>? configure = null, params Activity[] extraActivities)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(clock);
        services.AddDbContextFactory<TestDbContext>(o => o.UseSqlite(ConnectionString));
        services.AddWorkflowEngine<TestDbContext>();
        services.Configure<WorkflowRuntimeOptions>(o => o.HostId = hostId ?? "host-" + Guid.NewGuid().ToString("N")[..8]);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider();
        var registry = provider.GetRequiredService<ActivityRegistry>();
        foreach (var a in extraActivities) registry.Add(a);
        return new TestHost(provider);
    }

    public TestDbContext Open() => new(new DbContextOptionsBuilder<TestDbContext>().UseSqlite(ConnectionString).Options);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(Path + suffix); } catch (IOException) { }
    }
}

public sealed class TestHost(ServiceProvider provider) : IDisposable
{
    public IServiceProvider Services => provider;
    public WorkflowRuntime Runtime => provider.GetRequiredService<WorkflowRuntime>();
    public WorkflowDefinitionStore Definitions => provider.GetRequiredService<WorkflowDefinitionStore>();

    public async Task<int> PublishAsync(string json)
    {
        var parsed = DefinitionJson.Parse(json);
        Assert.Empty(parsed.Problems);
        return (await Definitions.PublishAsync(parsed.Definition!)).Version;
    }

    public void Dispose() => provider.Dispose();
}
