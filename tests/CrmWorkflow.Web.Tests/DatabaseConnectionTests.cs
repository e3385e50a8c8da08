using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Web.Startup;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests;

/// <summary>
/// The app keeps its SQLite connections open between units of work (with their compiled
/// statements) and copies the write-ahead log into the file in the background. Neither may
/// change what a unit of work sees or keeps.
/// </summary>
public sealed class DatabaseConnectionTests(WebAppFixture app) : ApiTest(app)
{
    private IDbContextFactory<CrmDbContext> Contexts => App.Services.GetRequiredService<IDbContextFactory<CrmDbContext>>();

    [Fact]
    public async Task UnitsOfWorkOneAfterAnother_ReuseAnOpenConnection()
    {
        var lender = App.Services.GetRequiredService<SqliteConnectionLender>();
        await using (var warm = await Contexts.CreateDbContextAsync()) await warm.RoutingPointers.CountAsync();
        var opened = lender.Opened;

        for (var i = 0; i < 5; i++)
        {
            await using var db = await Contexts.CreateDbContextAsync();
            await db.RoutingPointers.CountAsync();
        }

        Assert.Equal(opened, lender.Opened);
    }

    [Fact]
    public async Task UnitOfWorkAbandonedInsideItsTransaction_KeepsNothingAndTheNextOneWorks()
    {
        var key = $"abandoned-{Guid.NewGuid():N}";
        await using (var db = await Contexts.CreateDbContextAsync())
        {
            await db.Database.BeginTransactionAsync();
            db.RoutingPointers.Add(new RoutingPointer { Key = key, Position = 1 });
            await db.SaveChangesAsync();
            // Disposed without a commit, as when a request fails halfway.
        }

        await using (var next = await Contexts.CreateDbContextAsync())
        {
            Assert.False(await next.RoutingPointers.AnyAsync(p => p.Key == key));
            next.RoutingPointers.Add(new RoutingPointer { Key = key, Position = 2 });
            await next.SaveChangesAsync();
        }
        Assert.Equal(2, await PositionAsync(key));
    }

    [Fact]
    public async Task TwoUnitsOfWorkAtOnce_EachSeesItsOwnTransaction()
    {
        var key = $"concurrent-{Guid.NewGuid():N}";
        await using var writer = await Contexts.CreateDbContextAsync();
        await using var reader = await Contexts.CreateDbContextAsync();
        await using var transaction = await writer.Database.BeginTransactionAsync();
        writer.RoutingPointers.Add(new RoutingPointer { Key = key, Position = 7 });
        await writer.SaveChangesAsync();

        Assert.NotSame(writer.Database.GetDbConnection(), reader.Database.GetDbConnection());
        Assert.False(await reader.RoutingPointers.AnyAsync(p => p.Key == key));
        await transaction.CommitAsync();
        Assert.True(await reader.RoutingPointers.AnyAsync(p => p.Key == key));
    }

    [Fact]
    public async Task WritesThroughTheApp_AreCheckpointedInTheBackground()
    {
        var checkpointer = App.Services.GetRequiredService<WalCheckpointer>();
        // From an empty log: an earlier test of this class (a long reader) may have left thousands of
        // frames, and a reader still busy (the app's start-up statistics) can keep it a moment longer.
        await using (var empty = new SqliteConnection($"Data Source={App.DatabasePath}"))
        {
            await empty.OpenAsync();
            await using var truncate = empty.CreateCommand();
            truncate.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            var until = DateTime.UtcNow.AddSeconds(30);
            while (true)
            {
                await using (var result = await truncate.ExecuteReaderAsync())
                    if (await result.ReadAsync() && result.GetInt64(0) == 0) break;
                Assert.True(DateTime.UtcNow < until, "The log could not be emptied within 30 s before the test.");
                await Task.Delay(200);
            }
        }
        var before = checkpointer.Checkpoints;
        // About 2,000 pages of log, more than SQLite's own 1,000-page checkpoint would allow.
        await GrowTheLogAsync(megabytes: 8, keep: false);

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (checkpointer.Checkpoints == before && DateTime.UtcNow < deadline) await Task.Delay(50);

        Assert.True(checkpointer.Checkpoints > before, "The log was not checkpointed within 10 s of the writes.");
        Assert.True(checkpointer.LastLogFrames < CrmWorkflow.Engine.Persistence.SqlitePragmas.SafetyCheckpointPages);
    }

    [Fact]
    public async Task LongReaderWhileTheLogIsLarge_DoesNotHoldWritesBackForSeconds()
    {
        // A report reading an old snapshot keeps the log from starting again; the checkpointer's
        // RESTART attempts must give up quickly rather than hold every commit behind the report.
        await using var report = new SqliteConnection($"Data Source={App.DatabasePath}");
        await report.OpenAsync();
        await using var reading = report.BeginTransaction(deferred: true);
        await using (var snapshot = report.CreateCommand())
        {
            snapshot.CommandText = "SELECT COUNT(*) FROM RoutingPointers";
            await snapshot.ExecuteScalarAsync();
        }
        // About 3,000 pages: past the size at which the checkpointer tries RESTART.
        await GrowTheLogAsync(megabytes: 12, keep: true);

        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 20; i++)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await using (var db = await Contexts.CreateDbContextAsync())
            {
                db.RoutingPointers.Add(new RoutingPointer { Key = $"during-report-{Guid.NewGuid():N}", Position = i });
                await db.SaveChangesAsync();
            }
            slowest = watch.Elapsed > slowest ? watch.Elapsed : slowest;
            await Task.Delay(50);
        }
        reading.Rollback();
        await using (var db = await Contexts.CreateDbContextAsync()) await db.Database.ExecuteSqlRawAsync("DROP TABLE CheckpointProbe");

        Assert.True(slowest < TimeSpan.FromSeconds(1), $"A small write waited {slowest.TotalMilliseconds:N0} ms behind the checkpointer.");
    }

    // Writes through the app's own connections; the rows are dropped unless a test still needs them.
    private async Task GrowTheLogAsync(int megabytes, bool keep)
    {
        await using var db = await Contexts.CreateDbContextAsync();
        await db.Database.ExecuteSqlRawAsync("CREATE TABLE IF NOT EXISTS CheckpointProbe (Body BLOB)");
        for (var i = 0; i < megabytes; i++) await db.Database.ExecuteSqlRawAsync("INSERT INTO CheckpointProbe VALUES (zeroblob(1000000))");
        if (!keep) await db.Database.ExecuteSqlRawAsync("DROP TABLE CheckpointProbe");
    }

    private async Task<long> PositionAsync(string key)
    {
        await using var connection = new SqliteConnection($"Data Source={App.DatabasePath}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Position FROM RoutingPointers WHERE Key = $key";
        command.Parameters.AddWithValue("$key", key);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
