using System.Data.Common;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Sets synchronous=NORMAL on every SQLite connection. In WAL mode (set once when the database
/// is created; it is stored in the file) this is durable across application crashes and only a
/// power cut may lose the last commits, the trade-off SQLite documents for WAL. The pragma is
/// sent once per physical connection, not on every pooled open.
/// Add with <c>options.AddInterceptors(new SqlitePragmas())</c> on SQLite only.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    // A 32 MB page cache and memory-mapped reads (up to SQLite's usual 2 GB cap) keep large
    // indexes fast; the default cache is 2 MB.
    private const string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; PRAGMA mmap_size=2147418112;";

    // The native handle outlives the pooled SqliteConnection objects that borrow it. The engine
    // does not reference the SQLite provider, hence the reflection (cached per connection type).
    private readonly ConditionalWeakTable<object, object> _done = new();
    private PropertyInfo? _handle;

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (!FirstUse(connection)) return;
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData,
        CancellationToken cancellationToken = default)
    {
        if (!FirstUse(connection)) return;
        await using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private bool FirstUse(DbConnection connection)
    {
        _handle ??= connection.GetType().GetProperty("Handle");
        var handle = _handle?.GetValue(connection);
        if (handle is null) return true;
        lock (_done)
        {
            if (_done.TryGetValue(handle, out _)) return false;
            _done.Add(handle, handle);
            return true;
        }
    }
}
