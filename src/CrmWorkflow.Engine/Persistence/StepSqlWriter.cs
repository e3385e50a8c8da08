using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>The engine rows one step writes.</summary>
internal sealed class StepChanges
{
    /// <summary>Instance row to update, guarded by the revision it was read at.</summary>
    public (Entities.WorkflowInstanceRecord Record, int ReadRevision)? InstanceUpdate { get; set; }

    /// <summary>Bookmark rows to delete; each must still exist (a bookmark resumes once).</summary>
    public List<string> DeletedBookmarks { get; } = [];

    /// <summary>New rows of any engine entity, inserted in order.</summary>
    public List<object> Inserts { get; } = [];

    /// <summary>Column updates by key: (entity type, key value, column values).</summary>
    public List<(Type Entity, string Id, Dictionary<string, object?> Values)> Updates { get; } = [];
}

/// <summary>
/// Writes a step's engine rows with a few batched commands inside one transaction, then the
/// domain entities the step's activities added or changed in the same context
/// (<see cref="TrackedChangesWriter"/>, or SaveChanges when they need it) before committing.
/// Table and column names, quoting and value conversions all come from the EF model, so the
/// same code serves SQLite and SQL Server. It exists because EF issues one
/// command per row on SQLite, which cost most of a start's time.
/// </summary>
internal static class StepSqlWriter
{
    private const int MaxParameters = 1000; // SQL Server allows 2,100 per command

    /// <summary>
    /// Off: on SQLite too, a step's statements share one command (benchmarks compare the two in
    /// one run). On, each statement runs as a command of its own there: Microsoft.Data.Sqlite binds
    /// every parameter of a command by name against every statement in it, so eight statements
    /// with 150 parameters between them made 1,200 lookups (a name turned into UTF-8 and compared
    /// with each of the statement's names) where 150 do. SQL Server keeps one batch: a command there
    /// is a round trip.
    /// </summary>
    public static bool OneStatementPerCommand { get; set; } = true;

    /// <summary>Whether this context's statements run one per command (see <see cref="OneStatementPerCommand"/>).</summary>
    internal static bool Separately(DbContext db) => OneStatementPerCommand && db.Database.IsOnSqlite();

    public static async Task SaveAsync(DbContext db, StepChanges changes, CancellationToken ct)
    {
        var ownTransaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
        try
        {
            var connection = db.Database.GetDbConnection();
            var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            var sql = db.GetService<ISqlGenerationHelper>();
            if (changes.InstanceUpdate is { } update)
            {
                var map = MapOf(db, typeof(Entities.WorkflowInstanceRecord));
                await using var command = NewCommand(connection, transaction);
                var text = new StringBuilder();
                var r = update.Record;
                map.AppendSet(text, command, sql, new Dictionary<string, object?>
                {
                    [nameof(r.Status)] = r.Status, [nameof(r.UpdatedAt)] = r.UpdatedAt, [nameof(r.FinishedAt)] = r.FinishedAt,
                    [nameof(r.StateJson)] = r.StateJson, [nameof(r.Revision)] = r.Revision,
                    [nameof(r.LeaseOwner)] = null, [nameof(r.LeaseUntil)] = null,
                });
                text.Append(" WHERE ").Append(sql.DelimitIdentifier(map.Column("Id"))).Append(" = ").Append(Add(command, r.Id));
                text.Append(" AND ").Append(sql.DelimitIdentifier(map.Column("Revision"))).Append(" = ").Append(Add(command, update.ReadRevision));
                command.CommandText = text.ToString();
                if (await RunAsync(command, ct) != 1)
                    throw new DbUpdateConcurrencyException($"Instance {update.Record.Id} was changed by another step.");
            }
            if (changes.DeletedBookmarks.Count > 0)
            {
                var map = MapOf(db, typeof(Entities.BookmarkRecord));
                await using var command = NewCommand(connection, transaction);
                var names = changes.DeletedBookmarks.Select(id => Add(command, id));
                command.CommandText = $"DELETE FROM {map.Table(sql)} WHERE {sql.DelimitIdentifier(map.Column("Id"))} IN ({string.Join(", ", names)})";
                if (await RunAsync(command, ct) != changes.DeletedBookmarks.Count)
                    throw new DbUpdateConcurrencyException("A bookmark of this step was already resumed by another step.");
            }
            await WriteBatchesAsync(db, connection, transaction, sql, changes, ct);
            // The activities' entities: plain rows in the same transaction without SaveChanges' overhead when possible.
            if (db.ChangeTracker.HasChanges() && !await TrackedChangesWriter.TrySaveAsync(db, connection, transaction, Separately(db), ct))
                await db.SaveChangesAsync(ct);
            if (ownTransaction is not null) await ownTransaction.CommitAsync(ct);
        }
        finally
        {
            if (ownTransaction is not null) await ownTransaction.DisposeAsync();
        }
    }

    private static async Task WriteBatchesAsync(DbContext db, DbConnection connection, DbTransaction transaction,
        ISqlGenerationHelper sql, StepChanges changes, CancellationToken ct)
    {
        DbCommand? command = null;
        var text = new StringBuilder();
        var separately = Separately(db);
        try
        {
            // One multi-row INSERT per table (no foreign keys between engine tables, so order is free).
            foreach (var group in changes.Inserts.GroupBy(r => r.GetType()))
            {
                var map = MapOf(db, group.Key);
                var rows = group.ToList();
                for (var i = 0; i < rows.Count;)
                {
                    command ??= NewCommand(connection, transaction);
                    var take = Math.Max(1, Math.Min(rows.Count - i, (MaxParameters - command.Parameters.Count) / map.ColumnCount));
                    map.AppendInsert(text, command, sql, rows.GetRange(i, take));
                    i += take;
                    command = await FlushIfFullAsync(command, text, ct, separately ? MaxParameters : map.ColumnCount);
                }
            }
            foreach (var (entity, id, values) in changes.Updates)
            {
                command ??= NewCommand(connection, transaction);
                MapOf(db, entity).AppendUpdateValues(text, command, sql, id, values);
                command = await FlushIfFullAsync(command, text, ct, separately ? MaxParameters : values.Count + 1);
            }
            if (command is not null && text.Length > 0)
            {
                command.CommandText = text.ToString();
                await RunAsync(command, ct);
            }
        }
        finally
        {
            if (command is not null) await command.DisposeAsync();
        }
    }

    // Flushes when the next statement of about `next` parameters might not fit (MaxParameters: always).
    private static async Task<DbCommand?> FlushIfFullAsync(DbCommand command, StringBuilder text, CancellationToken ct, int next)
    {
        if (command.Parameters.Count + next <= MaxParameters) return command;
        command.CommandText = text.ToString();
        await RunAsync(command, ct);
        text.Clear();
        await command.DisposeAsync();
        return null;
    }

    // A row the database refuses (a duplicate key, a constraint) surfaces as DbUpdateException,
    // as it does from SaveChanges: callers tell "already stored" from other failures by it.
    private static async Task<int> RunAsync(DbCommand command, CancellationToken ct)
    {
        try
        {
            return await StatementCache.ExecuteNonQueryAsync(command, ct);
        }
        catch (DbException ex)
        {
            throw new DbUpdateException("The database refused the step's rows. See the inner exception for details.", ex);
        }
    }

    internal static DbCommand NewCommand(DbConnection connection, DbTransaction transaction)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        return command;
    }

    private static string Add(DbCommand command, object? value) => EntityTable.AddParameter(command, value);

    private static EntityTable MapOf(DbContext db, Type type) => EntityTable.For(db, type);
}
