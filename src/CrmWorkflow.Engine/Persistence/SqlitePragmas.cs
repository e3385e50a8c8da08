using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Sets synchronous=NORMAL on every SQLite connection as it opens. In WAL mode (set once when
/// the database is created; it is stored in the file) this is durable across application
/// crashes and only a power cut may lose the last commits, the trade-off SQLite documents for
/// WAL. Add with <c>options.AddInterceptors(new SqlitePragmas())</c> on SQLite only.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    private const string Pragmas = "PRAGMA synchronous=NORMAL;";

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
