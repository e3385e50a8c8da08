using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Sets per-connection SQLite pragmas when a connection opens: WAL with synchronous=NORMAL
/// (durable across application crashes; a power cut may lose the last commits, the trade-off
/// SQLite documents for WAL) and a busy timeout so concurrent writers wait instead of failing.
/// Add with <c>options.AddInterceptors(new SqlitePragmas())</c> on SQLite only.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=30000;";

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }
}
