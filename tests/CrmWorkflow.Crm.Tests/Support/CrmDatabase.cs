using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Migrations.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Tests;

/// <summary>A migrated SQLite file for CRM tests, deleted afterwards.</summary>
public sealed class CrmDatabase : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"crmwf-crm-{Guid.NewGuid():N}.db");

    public CrmDatabase()
    {
        using var db = Factory.CreateDbContext();
        db.Database.Migrate();
    }

    public IDbContextFactory<CrmDbContext> Factory => new Factory_(Path);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
            try { File.Delete(Path + suffix); } catch (IOException) { }
    }

    private sealed class Factory_(string path) : IDbContextFactory<CrmDbContext>
    {
        public CrmDbContext CreateDbContext() => new(new DbContextOptionsBuilder<CrmDbContext>()
            .UseSqlite($"Data Source={path}", o => o.MigrationsAssembly("CrmWorkflow.Migrations.Sqlite"))
            .UseSqliteTableLayout()
            .AddInterceptors(new SqlitePragmas()).Options);
    }
}
