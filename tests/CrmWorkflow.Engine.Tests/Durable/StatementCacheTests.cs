using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Engine.Tests.Durable;

/// <summary>
/// Commands kept compiled on a long-lived connection must behave exactly like new ones: the
/// right rows for each run's values, nothing cut short, failures reported and not remembered.
/// </summary>
public sealed class StatementCacheTests : IDisposable
{
    private readonly SqliteDatabase _database = new();
    private readonly SqliteConnection _connection;
    private readonly StatementCache _cache;

    public StatementCacheTests()
    {
        _connection = new SqliteConnection(_database.ConnectionString);
        _connection.Open();
        _cache = StatementCache.Attach(_connection, capacity: 3);
    }

    public void Dispose()
    {
        _cache.Clear();
        _connection.Dispose();
        _database.Dispose();
    }

    [Fact]
    public async Task SameText_RunTwice_CompilesOnceAndStoresEachRunsValues()
    {
        await InsertAsync("a", "short");
        await InsertAsync("b", "a much longer text than the first run's value, which must not be cut to its length");

        Assert.Equal((1, 1), (_cache.Misses, _cache.Hits));
        Assert.Equal(["short", "a much longer text than the first run's value, which must not be cut to its length"], await TextsAsync());
    }

    [Fact]
    public async Task SameText_WhileItsReaderIsOpen_RunsOnItsOwnAndBothReadersSeeTheirRows()
    {
        await InsertAsync("a", "one");
        await InsertAsync("b", "two");
        await using var first = await ReadAsync("a");
        Assert.True(await first.ReadAsync());

        await using var second = await ReadAsync("b");

        Assert.True(await second.ReadAsync());
        Assert.Equal(("one", "two"), (first.GetString(0), second.GetString(0)));
    }

    [Fact]
    public async Task FailingStatement_ReportsTheErrorAndTheNextRunWorks()
    {
        await InsertAsync("a", "one");

        await Assert.ThrowsAsync<SqliteException>(() => InsertAsync("a", "duplicate key"));
        await InsertAsync("b", "two");

        Assert.Equal(["one", "two"], await TextsAsync());
    }

    [Fact]
    public async Task MoreTextsThanCapacity_KeepsTheMostRecentlyUsed()
    {
        foreach (var sql in new[] { "SELECT 1", "SELECT 2", "SELECT 3", "SELECT 1", "SELECT 4" }) await ScalarAsync(sql);

        Assert.Equal(3, _cache.Count);
        await ScalarAsync("SELECT 1");
        Assert.Equal(2, _cache.Hits); // "SELECT 1" stayed: it was used after "SELECT 2", which went
    }

    [Fact]
    public async Task EfCoreQueries_OnAConnectionWithACache_RunFromItWithTheRightResults()
    {
        var options = new DbContextOptionsBuilder<TestDbContext>().UseSqlite(_connection).AddInterceptors(new StatementCacheInterceptor()).Options;
        for (var i = 0; i < 3; i++)
        {
            await using var db = new TestDbContext(options);
            db.Notes.Add(new Note { Key = $"k{i}", Text = $"note {i}" });
            await db.SaveChangesAsync();
        }
        var found = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await using var db = new TestDbContext(options);
            var key = $"k{i}";
            found.Add((await db.Notes.SingleAsync(n => n.Key == key)).Text);
        }

        Assert.Equal(["note 0", "note 1", "note 2"], found);
        Assert.True(_cache.Hits >= 4, $"Only {_cache.Hits} commands ran from the cache.");
    }

    private async Task InsertAsync(string key, string text)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "INSERT INTO Notes (Key, Text) VALUES ($key, $text)";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$text", text);
        await StatementCache.ExecuteNonQueryAsync(command, CancellationToken.None);
    }

    private async Task<System.Data.Common.DbDataReader> ReadAsync(string key)
    {
        var command = _connection.CreateCommand();
        command.CommandText = "SELECT Text FROM Notes WHERE Key = $key";
        command.Parameters.AddWithValue("$key", key);
        return await StatementCache.ExecuteReaderAsync(command, System.Data.CommandBehavior.Default, CancellationToken.None);
    }

    private async Task ScalarAsync(string sql)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await StatementCache.ExecuteReaderAsync(command, System.Data.CommandBehavior.Default, CancellationToken.None);
        Assert.True(await reader.ReadAsync());
    }

    private async Task<List<string>> TextsAsync()
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "SELECT Text FROM Notes ORDER BY Id";
        await using var reader = await command.ExecuteReaderAsync();
        var texts = new List<string>();
        while (await reader.ReadAsync()) texts.Add(reader.GetString(0));
        return texts;
    }
}
