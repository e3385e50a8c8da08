using System.Data.Common;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Sets synchronous=NORMAL (and the cache, memory map and log limits below) on every SQLite
/// connection. In WAL mode (set once when the database is created; it is stored in the file)
/// this is durable across application crashes and only a
/// power cut may lose the last commits, the trade-off SQLite documents for WAL. The pragma is
/// sent once per physical connection, not on every pooled open.
/// Add with <c>options.AddInterceptors(new SqlitePragmas())</c> on SQLite only.
/// </summary>
public sealed class SqlitePragmas : DbConnectionInterceptor
{
    /// <summary>
    /// A commit checkpoints the log itself only past this many pages (16 MB; SQLite's default is
    /// 1,000). The web host checkpoints in the background, off the requests' path, and keeps the
    /// log well under this; should it fall behind (a burst of large commits on a slow disk), the
    /// commits take over as SQLite's default would. Hosts without it (tools, test runs) rely on it.
    /// </summary>
    public const int SafetyCheckpointPages = 4_096;

    // A 32 MB page cache and memory-mapped reads (up to SQLite's usual 2 GB cap) keep large
    // indexes fast; the default cache is 2 MB. After a checkpoint the log file is cut back to
    // 64 MB, so one burst does not leave a huge file behind. Statement journals (what SQLite keeps
    // to undo one statement of a longer transaction) stay in memory: on disk, a step's larger
    // statements created, wrote and deleted a temporary file in every commit.
    private static readonly string Pragmas = "PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; PRAGMA mmap_size=2147418112; PRAGMA temp_store=MEMORY; " +
                                             $"PRAGMA wal_autocheckpoint={SafetyCheckpointPages}; PRAGMA journal_size_limit=67108864;";

    // The native handle outlives the pooled SqliteConnection objects that borrow it. The engine
    // does not reference the SQLite provider, hence the reflection (cached per connection type).
    private readonly ConditionalWeakTable<object, object> _done = new();
    private PropertyInfo? _handle;

    /// <summary>Sets the pragmas on a connection the host opened itself.</summary>
    public static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas;
        command.ExecuteNonQuery();
    }

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (FirstUse(connection)) Apply(connection);
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
