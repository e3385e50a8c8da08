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

    /// <summary>SQLite's plan (EXPLAIN QUERY PLAN) for EF's own SQL of <paramref name="query"/>, its parameters bound.</summary>
    protected static async Task<List<string>> PlanAsync(CrmDbContext db, IQueryable query)
    {
        var lines = query.ToQueryString().Split('\n');
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + string.Join('\n', lines.Where(l => !l.StartsWith(".param", StringComparison.Ordinal)));
        foreach (var line in lines.Where(l => l.StartsWith(".param set ", StringComparison.Ordinal)))
        {
            var parts = line[".param set ".Length..].Split(' ', 2);
            explain.Parameters.AddWithValue(parts[0], parts[1].Trim().Trim('\''));
        }
        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
            while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        await db.Database.CloseConnectionAsync();
        return plan;
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
