using CrmWorkflow.Crm.Data;
using CrmWorkflow.Web.Startup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Migrations.Tests;

/// <summary>
/// A SQLite file of the test's own, and contexts configured as the app configures them for
/// either provider. No SQL Server runs here; nothing opens a SQL Server connection.
/// </summary>
public abstract class ProviderContexts : IDisposable
{
    protected string File { get; } = Path.Combine(Path.GetTempPath(), $"crmwf-migrations-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) System.IO.File.Delete(File + suffix);
        GC.SuppressFinalize(this);
    }

    protected CrmDbContext Context(DatabaseProvider provider)
    {
        var options = new DbContextOptionsBuilder<CrmDbContext>();
        DatabaseSetup.Configure(options, provider, provider == DatabaseProvider.Sqlite
            ? $"Data Source={File}"
            : "Server=localhost;Database=CrmWorkflow;Trusted_Connection=True;TrustServerCertificate=True");
        return new CrmDbContext(options.Options);
    }
}
