using CrmWorkflow.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.Startup;

/// <summary>
/// Keeps SQLite's query-planner statistics current. Without them the planner guesses that
/// an equality on any indexed column is selective: "all open tasks, newest first" then read
/// a third of a million-row table through the (Status, DueAt) index and sorted it (0.4 s)
/// instead of walking the primary key (4 ms). Statistics are gathered once at start and
/// refreshed hourly with <c>PRAGMA optimize</c>, which re-analyses only tables that grew or
/// shrank a lot, as SQLite recommends for long-running applications. Whole indexes are read,
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

    private const string Refresh = "PRAGMA analysis_limit=0; PRAGMA optimize;";

    public static readonly TimeSpan RefreshEvery = TimeSpan.FromHours(1);

    /// <summary>Gathers statistics now (also used after bulk loads, e.g. by the benchmarks).</summary>
    public static Task GatherAsync(DbContext db, CancellationToken ct) => db.Database.ExecuteSqlRawAsync(Gather, ct);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (DatabaseSetup.Provider(configuration) != DatabaseProvider.Sqlite) return;
        var sql = Gather;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                await db.Database.ExecuteSqlRawAsync(sql, stoppingToken);
                sql = Refresh;
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
