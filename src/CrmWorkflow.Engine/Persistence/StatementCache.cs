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
    public static async Task<int> ExecuteNonQueryAsync(DbCommand command, CancellationToken ct)
    {
        if (Of(command.Connection) is not { } cache || cache.Take(command) is not { } cached) return await command.ExecuteNonQueryAsync(ct);
        try { return await cached.Command.ExecuteNonQueryAsync(ct); }
        catch { cache.Evict(cached); throw; }
    }

    /// <inheritdoc cref="ExecuteNonQueryAsync(DbCommand, CancellationToken)"/>
    public static async Task<DbDataReader> ExecuteReaderAsync(DbCommand command, CommandBehavior behavior, CancellationToken ct)
    {
        if (Of(command.Connection) is not { } cache || cache.Take(command) is not { } cached) return await command.ExecuteReaderAsync(behavior, ct);
        try { return cached.Reader = await cached.Command.ExecuteReaderAsync(behavior, ct); }
        catch { cache.Evict(cached); throw; }
    }

    internal int ExecuteNonQuery(Entry cached)
    {
        try { return cached.Command.ExecuteNonQuery(); }
        catch { Evict(cached); throw; }
    }

    internal object? ExecuteScalar(Entry cached)
    {
        try { return cached.Command.ExecuteScalar(); }
        catch { Evict(cached); throw; }
    }

    internal async Task<object?> ExecuteScalarAsync(Entry cached, CancellationToken ct)
    {
        try { return await cached.Command.ExecuteScalarAsync(ct); }
        catch { Evict(cached); throw; }
    }

    internal DbDataReader ExecuteReader(Entry cached, CommandBehavior behavior)
    {
        try { return cached.Reader = cached.Command.ExecuteReader(behavior); }
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

    // A command whose statement failed is not trusted again.
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
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result) =>
        Cached(command) is { } hit ? InterceptionResult<DbDataReader>.SuppressWithResult(hit.Cache.ExecuteReader(hit.Entry, CommandBehavior.Default)) : result;

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (StatementCache.Of(command.Connection) is null) return result;
        return InterceptionResult<DbDataReader>.SuppressWithResult(await StatementCache.ExecuteReaderAsync(command, CommandBehavior.Default, cancellationToken));
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result) =>
        Cached(command) is { } hit ? InterceptionResult<int>.SuppressWithResult(hit.Cache.ExecuteNonQuery(hit.Entry)) : result;

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (StatementCache.Of(command.Connection) is null) return result;
        return InterceptionResult<int>.SuppressWithResult(await StatementCache.ExecuteNonQueryAsync(command, cancellationToken));
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result) =>
        Cached(command) is { } hit ? InterceptionResult<object>.SuppressWithResult(hit.Cache.ExecuteScalar(hit.Entry)!) : result;

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData,
        InterceptionResult<object> result, CancellationToken cancellationToken = default) =>
        Cached(command) is { } hit ? InterceptionResult<object>.SuppressWithResult((await hit.Cache.ExecuteScalarAsync(hit.Entry, cancellationToken))!) : result;

    private static (StatementCache Cache, StatementCache.Entry Entry)? Cached(DbCommand command) =>
        StatementCache.Of(command.Connection) is { } cache && cache.Take(command) is { } entry ? (cache, entry) : null;
}
