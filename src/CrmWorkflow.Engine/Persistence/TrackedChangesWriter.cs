using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Saves the entities a step's activities added or changed with one batched command instead
/// of SaveChanges, when they are plain rows (<see cref="TrackedEntryRules"/>): an INSERT of every
/// column, or an UPDATE of the modified columns guarded by key and concurrency tokens, then the
/// entries accepted as SaveChanges accepts them. SaveChanges spent most of its time on the lead
/// path in its own machinery (sorting commands, one command per row, a savepoint) rather than in
/// SQLite. Failures look as they do from SaveChanges: a changed or missing row throws
/// <see cref="DbUpdateConcurrencyException"/>, a refused row <see cref="DbUpdateException"/>.
/// </summary>
public static class TrackedChangesWriter
{
    private const int MaxParameters = 1000;
    private const string FailedMessage = "An error occurred while saving the entity changes. See the inner exception for details.";

    /// <summary>Off: every step's entities go through SaveChanges (benchmarks compare the two in one run).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>
    /// Writes the context's pending changes in <paramref name="transaction"/> and accepts them;
    /// false (nothing written) when they need SaveChanges. Changes must have been detected.
    /// <paramref name="separately"/>: one command per row (SQLite; see <see cref="StepSqlWriter.OneStatementPerCommand"/>).
    /// </summary>
    internal static async Task<bool> TrySaveAsync(DbContext db, DbConnection connection, DbTransaction transaction, bool separately, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        if (!Enabled || TrackedEntryRules.Pending(db, sql) is not { } pending) return false;
        var text = new StringBuilder();
        var batch = new List<EntityEntry>();
        DbCommand? command = null;
        try
        {
            foreach (var (entry, values, rules) in pending)
            {
                if (command is not null && (separately || command.Parameters.Count + rules.Columns.Length > MaxParameters))
                {
                    await RunAsync(command, text, batch, ct);
                    await command.DisposeAsync();
                    command = null;
                }
                command ??= StepSqlWriter.NewCommand(connection, transaction);
                if (entry.State == EntityState.Added) AppendInsert(text, command, values, rules);
                else AppendUpdate(text, command, values, rules);
                batch.Add(entry);
            }
            if (command is not null) await RunAsync(command, text, batch, ct);
        }
        finally
        {
            if (command is not null) await command.DisposeAsync();
        }
        db.ChangeTracker.AcceptAllChanges();
        return true;
    }

    // Each statement writes at most one row (an INSERT of one row, an UPDATE by primary key), so the
    // command's total equals the statements' count exactly when every one wrote its row.
    private static async Task RunAsync(DbCommand command, StringBuilder text, List<EntityEntry> batch, CancellationToken ct)
    {
        command.CommandText = text.ToString();
        int rows;
        try
        {
            rows = await StatementCache.ExecuteNonQueryAsync(command, ct);
        }
        catch (DbException ex)
        {
            throw new DbUpdateException(FailedMessage, ex, batch.ToList());
        }
        if (rows != batch.Count)
        {
            var updated = batch.Where(e => e.State == EntityState.Modified).ToList();
            throw new DbUpdateConcurrencyException(
                $"The database operation was expected to affect {batch.Count} row(s), but actually affected {rows} row(s); data may have been"
                + $" modified or deleted since entities were loaded ({(updated.Count == 1 ? "" : "one of ")}{string.Join(", ", updated.Select(Describe))}).",
                updated.Select(UpdateEntry).ToList());
        }
        text.Clear();
        batch.Clear();
    }

    private static void AppendInsert(StringBuilder text, DbCommand command, IUpdateEntry entry, TrackedEntryRules.TypeRules rules)
    {
        text.Append(rules.InsertHead);
        var first = true;
        foreach (var column in rules.Columns)
        {
            text.Append(first ? "" : ", ").Append(Add(command, column, entry.GetCurrentValue(column.Property)));
            first = false;
        }
        text.Append(");\n");
    }

    // Only the modified columns, as SaveChanges writes them; the row is found by key and by every
    // concurrency token's original value.
    private static void AppendUpdate(StringBuilder text, DbCommand command, IUpdateEntry entry, TrackedEntryRules.TypeRules rules)
    {
        text.Append(rules.UpdateHead);
        var first = true;
        foreach (var column in rules.Columns)
        {
            if (!entry.IsModified(column.Property)) continue;
            text.Append(first ? "" : ", ").Append(column.Quoted).Append(" = ").Append(Add(command, column, entry.GetCurrentValue(column.Property)));
            first = false;
        }
        first = true;
        foreach (var column in rules.Columns)
        {
            if (!column.Guards) continue;
            text.Append(first ? " WHERE " : " AND ").Append(column.Quoted);
            if (entry.GetOriginalValue(column.Property) is { } original) text.Append(" = ").Append(Add(command, column, original));
            else text.Append(" IS NULL");
            first = false;
        }
        text.Append(";\n");
    }

    // The property's own type mapping makes the parameter, value conversion included, as SaveChanges does.
    private static string Add(DbCommand command, TrackedEntryRules.Column column, object? value)
    {
        var name = EntityTable.ParameterName(command.Parameters.Count);
        command.Parameters.Add(column.Mapping.CreateParameter(command, name, value, column.Property.IsNullable));
        return name;
    }

    // An entry's values and modified flags as SaveChanges reads them (no PropertyEntry per property),
    // and the exception's entries as SaveChanges lists them: reachable only through EF's internal
    // entry, which implements the public IUpdateEntry.
#pragma warning disable EF1001
    internal static IUpdateEntry UpdateEntry(EntityEntry entry) => entry.GetInfrastructure();
#pragma warning restore EF1001

    private static string Describe(EntityEntry entry) =>
        $"{entry.Metadata.ClrType.Name} '{string.Join(", ", entry.Metadata.FindPrimaryKey()!.Properties.Select(p => entry.OriginalValues[p]))}'";
}
