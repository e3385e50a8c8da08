using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Prepared commands kept on one long-lived connection, by SQL text. SQLite compiles a statement
/// each time a new command runs it, and EF Core makes a new command for every query and save:
/// on the lead path that compiling was a fifth of the time (20-25 µs a statement; measured in
/// docs/benchmarks.md). A cached command runs the compiled statement again with new values.
/// Only connections a host keeps open get a cache (<see cref="Attach"/>): closing a SQLite
/// connection discards its commands' statements. A connection is used by one unit of work at a
/// time, so the cache needs no lock. The least recently used command goes when it is full.
/// </summary>
public sealed class StatementCache
{
    private static readonly ConditionalWeakTable<DbConnection, StatementCache> Caches = new();

    private readonly DbConnection _connection;
    private readonly int _capacity;
    private readonly Dictionary<string, LinkedListNode<Entry>> _byText = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recent = new();

    private StatementCache(DbConnection connection, int capacity) => (_connection, _capacity) = (connection, capacity);

    /// <summary>Statements cached per connection unless told otherwise.</summary>
    public const int DefaultCapacity = 128;

    /// <summary>Commands run from the cache and commands compiled, on this connection (diagnostics).</summary>
    public long Hits { get; private set; }

    /// <inheritdoc cref="Hits"/>
    public long Misses { get; private set; }

    /// <summary>Hits and misses over every cache in the process (diagnostics, benchmarks).</summary>
    public static (long Hits, long Misses) Totals => (Interlocked.Read(ref _totalHits), Interlocked.Read(ref _totalMisses));

    private static long _totalHits, _totalMisses;

    /// <summary>Statements held now.</summary>
    public int Count => _byText.Count;

    /// <summary>Gives an open connection that stays open a cache.</summary>
    public static StatementCache Attach(DbConnection connection, int capacity = DefaultCapacity)
    {
        var cache = new StatementCache(connection, capacity);
        Caches.AddOrUpdate(connection, cache);
        return cache;
    }

    /// <summary>Off: every command compiles its statement again (benchmarks compare the two in one run).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>The connection's cache, or null when it has none.</summary>
    public static StatementCache? Of(DbConnection? connection) =>
        Enabled && connection is not null && Caches.TryGetValue(connection, out var cache) ? cache : null;

    /// <summary>Disposes the cached commands (before the connection closes or goes back to a pool).</summary>
    public void Clear()
    {
        foreach (var entry in _recent) entry.Command.Dispose();
        _recent.Clear();
        _byText.Clear();
    }

    /// <summary>Runs <paramref name="command"/> through its connection's cache when it has one.</summary>
    public static async Task<int> ExecuteNonQueryAsync(DbCommand command, CancellationToken ct) =>
        Hit(command) is var (cache, entry)
            ? await cache.RunAsync(entry, static (c, ct) => c.ExecuteNonQueryAsync(ct), ct)
            : await command.ExecuteNonQueryAsync(ct);

    /// <inheritdoc cref="ExecuteNonQueryAsync(DbCommand, CancellationToken)"/>
    public static async Task<DbDataReader> ExecuteReaderAsync(DbCommand command, CommandBehavior behavior, CancellationToken ct) =>
        Hit(command) is var (cache, entry)
            ? entry.Reader = await cache.RunAsync(entry, (c, ct) => c.ExecuteReaderAsync(behavior, ct), ct)
            : await command.ExecuteReaderAsync(behavior, ct);

    /// <summary>The connection's cache and its command for <paramref name="command"/>'s text, or null when it has none free.</summary>
    internal static (StatementCache Cache, Entry Entry)? Hit(DbCommand command) =>
        Of(command.Connection) is { } cache && cache.Take(command) is { } entry ? (cache, entry) : null;

    // A command whose statement failed is not trusted again.
    internal T Run<T>(Entry cached, Func<DbCommand, T> run)
    {
        try { return run(cached.Command); }
        catch { Evict(cached); throw; }
    }

    internal async Task<T> RunAsync<T>(Entry cached, Func<DbCommand, CancellationToken, Task<T>> run, CancellationToken ct)
    {
        try { return await run(cached.Command, ct); }
        catch { Evict(cached); throw; }
    }

    /// <summary>
    /// The cached command for <paramref name="source"/>'s text, carrying its parameters and
    /// transaction; null when that command is still being read (the source then runs itself).
    /// </summary>
    internal Entry? Take(DbCommand source)
    {
        var text = source.CommandText;
        if (string.IsNullOrEmpty(text) || source.CommandType != CommandType.Text) return null;
        if (_byText.TryGetValue(text, out var node))
        {
            if (node.Value.Reader is { IsClosed: false }) return null;
            _recent.Remove(node);
            _recent.AddFirst(node);
            Hits++;
            Interlocked.Increment(ref _totalHits);
        }
        else
        {
            if (_byText.Count >= _capacity && _recent.Last is { } oldest) Evict(oldest.Value);
            var command = _connection.CreateCommand();
            command.CommandText = text;
            node = _recent.AddFirst(new Entry(text, command));
            _byText[text] = node;
            Misses++;
            Interlocked.Increment(ref _totalMisses);
        }
        var entry = node.Value;
        entry.Reader = null;
        entry.Command.Transaction = source.Transaction;
        entry.Command.CommandTimeout = source.CommandTimeout;
        // The source's own parameter objects (name, value, type and size as its creator set them).
        var parameters = entry.Command.Parameters;
        parameters.Clear();
        var given = source.Parameters;
        for (var i = 0; i < given.Count; i++) parameters.Add(given[i]);
        return entry;
    }

    private void Evict(Entry entry)
    {
        if (_byText.Remove(entry.Text, out var node)) _recent.Remove(node);
        entry.Command.Dispose();
    }

    internal sealed class Entry(string text, DbCommand command)
    {
        public string Text { get; } = text;
        public DbCommand Command { get; } = command;

        /// <summary>The last reader this command returned; the command is busy until it closes.</summary>
        public DbDataReader? Reader { get; set; }
    }
}

/// <summary>
/// Sends EF Core's commands on a connection with a <see cref="StatementCache"/> through it.
/// Add with <c>options.AddInterceptors(new StatementCacheInterceptor())</c>; connections without a
/// cache are untouched.
/// </summary>
public sealed class StatementCacheInterceptor : DbCommandInterceptor
{
    // Without a free cached command, EF Core runs its own.
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        StatementCache.Hit(command) is var (cache, entry)
            ? InterceptionResult<DbDataReader>.SuppressWithResult(entry.Reader = cache.Run(entry, static c => c.ExecuteReader()))
            : result;

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default) =>
        StatementCache.Hit(command) is var (cache, entry)
            ? InterceptionResult<DbDataReader>.SuppressWithResult(entry.Reader = await cache.RunAsync(entry, static (c, ct) => c.ExecuteReaderAsync(ct), cancellationToken))
            : result;

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        StatementCache.Hit(command) is var (cache, entry) ? InterceptionResult<int>.SuppressWithResult(cache.Run(entry, static c => c.ExecuteNonQuery())) : result;

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
        StatementCache.Hit(command) is var (cache, entry)
            ? InterceptionResult<int>.SuppressWithResult(await cache.RunAsync(entry, static (c, ct) => c.ExecuteNonQueryAsync(ct), cancellationToken))
            : result;

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        StatementCache.Hit(command) is var (cache, entry) ? InterceptionResult<object>.SuppressWithResult(cache.Run(entry, static c => c.ExecuteScalar())!) : result;

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        StatementCache.Hit(command) is var (cache, entry)
            ? InterceptionResult<object>.SuppressWithResult((await cache.RunAsync(entry, static (c, ct) => c.ExecuteScalarAsync(ct), cancellationToken))!)
            : result;
}
