using CrmWorkflow.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.Startup;

/// <summary>
/// Keeps SQLite's query-planner statistics current. Without them the planner guesses that
/// an equality on any indexed column is selective: "all open tasks, newest first" then read
/// a third of a million-row table through the (Status, DueAt) index and sorted it (0.4 s)
/// instead of walking the primary key (4 ms). Statistics are gathered in full when the file has
/// none; at start and hourly after that, the tables <c>PRAGMA optimize</c> finds grown or shrunk
/// a lot are analysed again, as SQLite recommends for long-running applications. Whole indexes are read,
/// not samples: with sampled statistics (analysis_limit=1000) the planner walked the due-date
/// index for one manager's tasks and page 100 took 0.6 s instead of 10 ms (docs/benchmarks.md).
/// Runs in the background, so a large file's first analysis does not delay start-up.
/// SQL Server keeps its own statistics; nothing runs there.
/// </summary>
public sealed class DatabaseStatistics(IDbContextFactory<CrmDbContext> dbFactory, IConfiguration configuration, TimeProvider clock,
    ILogger<DatabaseStatistics> logger) : BackgroundService
{
    /// <summary>Every index read in full (no analysis_limit): sampled figures misled the planner.</summary>
    public const string Gather = "PRAGMA analysis_limit=0; ANALYZE;";


    public static readonly TimeSpan RefreshEvery = TimeSpan.FromHours(1);

    /// <summary>Gathers statistics now (also used after bulk loads, e.g. by the benchmarks).</summary>
    public static Task GatherAsync(DbContext db, CancellationToken ct) => db.Database.ExecuteSqlRawAsync(Gather, ct);

    // A full ANALYZE only when the file has no statistics yet: reading every index of a large file
    // on each start would be wasted. Otherwise PRAGMA optimize names the tables that changed a
    // lot (0xffff: list, do not run), and those are analysed in full; optimize's own ANALYZE samples.
    private static async Task RefreshAsync(DbContext db, CancellationToken ct)
    {
        var connection = db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            var statements = new List<string>();
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'";
                if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
                    statements.Add(Gather);
                else
                {
                    command.CommandText = "PRAGMA optimize(0xffff)";
                    await using var reader = await command.ExecuteReaderAsync(ct);
                    while (await reader.ReadAsync(ct))
                        if (reader.GetString(0).StartsWith("ANALYZE", StringComparison.Ordinal)) statements.Add("PRAGMA analysis_limit=0; " + reader.GetString(0));
                }
            }
            foreach (var sql in statements)
            {
                await using var run = connection.CreateCommand();
                run.CommandText = sql;
                await run.ExecuteNonQueryAsync(ct);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (DatabaseSetup.Provider(configuration) != DatabaseProvider.Sqlite) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                await RefreshAsync(db, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Stale statistics only make some lists slower; never worth stopping the host.
                logger.LogWarning(ex, "Refreshing the database statistics failed; the next attempt is in {Interval}.", RefreshEvery);
            }
            try { await Task.Delay(RefreshEvery, clock, stoppingToken); }
            catch (OperationCanceledException) { return; }
        }
    }
}
