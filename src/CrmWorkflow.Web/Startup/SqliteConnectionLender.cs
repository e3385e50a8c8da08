using System.Collections.Concurrent;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.Startup;

/// <summary>
/// Open SQLite connections lent to contexts, each with its compiled statements
/// (<see cref="StatementCache"/>) and its page cache kept between uses. EF Core would open and
/// close a connection per operation, and closing one throws its compiled statements away.
/// The last connection returned is the next one lent, so a busy host keeps reusing warm ones;
/// at most <see cref="MaxIdle"/> wait idle and any beyond are closed. A connection that comes
/// back inside a transaction (a unit of work that did not finish cleanly) is closed, never lent.
/// </summary>
public sealed class SqliteConnectionLender(string connectionString) : IDisposable
{
    public const int MaxIdle = 16;

    private readonly ConcurrentStack<SqliteConnection> _idle = new();
    private bool _disposed;

    /// <summary>Connections opened so far (diagnostics and tests).</summary>
    public int Opened => _opened;

    private int _opened;

    /// <summary>An open connection for one unit of work.</summary>
    public SqliteConnection Lend()
    {
        while (_idle.TryPop(out var idle))
        {
            if (idle.State == System.Data.ConnectionState.Open) return idle;
            idle.Dispose();
        }
        var connection = new SqliteConnection(connectionString);
        connection.Open();
        try
        {
            SqlitePragmas.Apply(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
        StatementCache.Attach(connection);
        Interlocked.Increment(ref _opened);
        return connection;
    }

    /// <summary>Takes a connection back.</summary>
    public void Return(SqliteConnection connection)
    {
        if (_disposed || connection.State != System.Data.ConnectionState.Open || InTransaction(connection) || _idle.Count >= MaxIdle)
        {
            Close(connection);
            return;
        }
        _idle.Push(connection);
    }

    /// <summary>Runs a statement (e.g. a pragma) on every idle connection (diagnostics and benchmarks).</summary>
    public void ApplyToIdle(string sql)
    {
        foreach (var connection in _idle)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }

    private static bool InTransaction(SqliteConnection connection) => SQLitePCL.raw.sqlite3_get_autocommit(connection.Handle) == 0;

    private static void Close(SqliteConnection connection)
    {
        StatementCache.Of(connection)?.Clear();
        connection.Dispose();
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryPop(out var connection)) Close(connection);
    }
}

/// <summary>
/// The host's context factory on a SQLite file: contexts come from EF Core's pool as before,
/// each with a connection lent by <see cref="SqliteConnectionLender"/> for as long as it lives.
/// </summary>
public sealed class LendingDbContextFactory(IDbContextFactory<CrmDbContext> pooled, SqliteConnectionLender lender) : IDbContextFactory<CrmDbContext>
{
    public CrmDbContext CreateDbContext()
    {
        var db = pooled.CreateDbContext();
        SqliteConnection? connection = null;
        try
        {
            connection = lender.Lend();
            db.Database.SetDbConnection(connection, contextOwnsConnection: false);
            db.OnRelease(() => lender.Return(connection));
            return db;
        }
        catch
        {
            db.Dispose();
            if (connection is not null) lender.Return(connection);
            throw;
        }
    }

    public Task<CrmDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) => Task.FromResult(CreateDbContext());
}
