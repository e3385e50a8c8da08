using System.Globalization;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.Startup;

/// <summary>
/// Copies SQLite's write-ahead log into the database file in the background, so a request's
/// commit only appends to the log. Left to itself, SQLite checkpoints inside whichever commit
/// takes the log past 1,000 pages, and that commit waits for the copy and two fsyncs: in the
/// lead benchmark 99 % of answers came within 5-8 ms with this service and about 10 ms without
/// (docs/benchmarks.md). A passive checkpoint never blocks readers or writers; it runs every
/// <see cref="BusyInterval"/> while commits arrive and every <see cref="IdleInterval"/>
/// otherwise, and a short RESTART lets the log start again once it is large. Every connection
/// keeps its own checkpoint past <see cref="SqlitePragmas.SafetyCheckpointPages"/> as a safety
/// net should this service fall behind. On shutdown the log is checkpointed and truncated.
/// SQL Server and in-memory databases have no such log; nothing runs there.
/// </summary>
public sealed class WalCheckpointer(IDbContextFactory<CrmDbContext> dbFactory, IConfiguration configuration, TimeProvider clock,
    ILogger<WalCheckpointer> logger) : BackgroundService
{
    public static readonly TimeSpan BusyInterval = TimeSpan.FromMilliseconds(100);
    public static readonly TimeSpan IdleInterval = TimeSpan.FromSeconds(1);

    /// <summary>Off: the loop idles and commits checkpoint by themselves (benchmarks compare the two in one run).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>Log pages (8 MB) past which the checkpointer asks SQLite to start the log again.</summary>
    public const int RestartAbove = 2_048;

    /// <summary>Checkpoints that found new commits in the log (for tests and diagnostics).</summary>
    public long Checkpoints { get; private set; }

    /// <summary>Frames in the log at the last checkpoint.</summary>
    public long LastLogFrames { get; private set; }

    /// <summary>The most frames the log held at a checkpoint since the last call (how far it grew between restarts).</summary>
    public long TakeMaxLogFrames() => Interlocked.Exchange(ref _maxLogFrames, 0);

    private long _maxLogFrames;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (DatabaseSetup.Provider(configuration) != DatabaseProvider.Sqlite) return;
        string? connectionString;
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken)) connectionString = db.Database.GetConnectionString();
        if (connectionString is null || DatabaseSetup.InMemory(connectionString)) return;
        // Its own connection outside the pool, kept for the host's life.
        var builder = new SqliteConnectionStringBuilder(connectionString) { Pooling = false };
        await using var connection = new SqliteConnection(builder.ToString());
        try
        {
            await connection.OpenAsync(stoppingToken);
            // RESTART and TRUNCATE wait this long for the commit in progress and for readers of the
            // log to finish (PASSIVE never waits). New commits are held back meanwhile, so the wait
            // is short: a reader in the way only makes the attempt give up until the next one.
            await using (var wait = connection.CreateCommand())
            {
                wait.CommandText = "PRAGMA busy_timeout=50";
                await wait.ExecuteNonQueryAsync(stoppingToken);
            }
            var delay = IdleInterval;
            while (!stoppingToken.IsCancellationRequested)
            {
                try { await Task.Delay(delay, clock, stoppingToken); }
                catch (OperationCanceledException) { break; }
                if (!Enabled) continue;
                try
                {
                    delay = await CheckpointAsync(connection, "PASSIVE", stoppingToken) ? BusyInterval : IdleInterval;
                    // SQLite starts the log again from its beginning only when a checkpoint has copied all of
                    // it and no reader still uses it; under a steady stream of commits that can keep
                    // missing, and the log would only grow. Past RestartAbove pages, RESTART makes that
                    // moment: it waits for the commit in progress, holds new ones back while it copies
                    // the last pages (a few milliseconds), and the next commit starts the log again.
                    // Only when the passive pass copied everything: otherwise a reader still holds an
                    // older snapshot (a long report), RESTART could only wait for it while holding every
                    // commit back (seconds, in a test), and the log cannot start again before it ends anyway.
                    if (LastLogFrames >= RestartAbove && _lastComplete) await CheckpointAsync(connection, "RESTART", stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    // The commits' own safety checkpoint takes over; try again later.
                    logger.LogWarning(ex, "Checkpointing the SQLite log failed; the next attempt is in {Interval}.", IdleInterval);
                    delay = IdleInterval;
                }
            }
            // Leave a tidy file: everything in the database, the log emptied.
            await CheckpointAsync(connection, "TRUNCATE", CancellationToken.None);
        }
        catch (Exception ex) when (ex is SqliteException or InvalidOperationException)
        {
            logger.LogWarning(ex, "The SQLite log checkpointer stopped; commits checkpoint the log themselves.");
        }
    }

    /// <summary>Runs one checkpoint; true when commits had added to the log since the last one.</summary>
    private async Task<bool> CheckpointAsync(SqliteConnection connection, string mode, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"PRAGMA wal_checkpoint({mode})";
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct)) return false;
        // (busy, frames in the log, frames of it now in the database); -1 when not in WAL mode.
        var log = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        var done = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture);
        LastLogFrames = log;
        if (log > Interlocked.Read(ref _maxLogFrames)) Interlocked.Exchange(ref _maxLogFrames, log);
        _lastComplete = done >= log;
        var grew = log > 0 && log != _lastLog;
        _lastLog = log;
        if (grew) Checkpoints++;
        return grew || done < log;
    }

    private long _lastLog;
    private bool _lastComplete;
}
