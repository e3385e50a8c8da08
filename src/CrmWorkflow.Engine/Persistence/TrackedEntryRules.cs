using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore.Update;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>
/// Which tracked changes <see cref="TrackedChangesWriter"/> may write itself: plain rows of a
/// one-table entity whose every value the application holds, so an INSERT of all columns or an
/// UPDATE of the modified ones, checked by row count, is all SaveChanges would have done. Anything
/// that needs EF's machinery (values the database generates, ordering by foreign keys, table
/// sharing, inheritance, deletes and cascades, save hooks) is left to SaveChanges.
/// </summary>
internal static class TrackedEntryRules
{
    private static readonly ConcurrentDictionary<IEntityType, TypeRules?> Types = new();
    private static readonly ConcurrentDictionary<Type, bool> Hooked = new();

    // Field-like events keep their handlers in a private field of the same name.
    private static readonly FieldInfo?[] SaveEvents = [.. new[] { "SavingChanges", "SavedChanges", "SaveChangesFailed" }
        .Select(name => typeof(DbContext).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic))];

    /// <summary>Entity types the writer handles, their SQL pieces, and what an entry of one still has to satisfy.</summary>
    internal sealed record TypeRules(string InsertHead, string UpdateHead, Column[] Columns, IProperty[] Generated, HashSet<IProperty> Unique,
        IEntityType[] Principals);

    /// <summary>A column: its property, quoted name, parameter factory, and whether it finds the row to update.</summary>
    internal sealed record Column(IProperty Property, string Quoted, RelationalTypeMapping Mapping, bool Guards);

    /// <summary>
    /// The pending entries when every one can be written as plain SQL; null when SaveChanges must
    /// save this step. Changes must have been detected already.
    /// </summary>
    public static List<(EntityEntry Entry, IUpdateEntry Values, TypeRules Rules)>? Pending(DbContext db, ISqlGenerationHelper sql)
    {
        // SQLite only: SQL Server adds rows its triggers change to a command's count, which would break
        // the row-count check, and there EF already sends a step's changes as one batch.
        if (!db.Database.IsOnSqlite() || HasSaveHooks(db)) return null;
        var tracker = db.ChangeTracker;
        // Orphans and cascades are applied at once by default; later timings are SaveChanges' own work.
        if (tracker.CascadeDeleteTiming != CascadeTiming.Immediate || tracker.DeleteOrphansTiming != CascadeTiming.Immediate) return null;
        var pending = new List<(EntityEntry, IUpdateEntry, TypeRules)>();
        var added = new HashSet<IEntityType>();
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            foreach (var entry in tracker.Entries())
            {
                if (entry.State is EntityState.Unchanged or EntityState.Detached) continue;
                if (entry.State is not (EntityState.Added or EntityState.Modified)) return null;
                var values = TrackedChangesWriter.UpdateEntry(entry);
                if (Types.GetOrAdd(entry.Metadata, Analyse, sql) is not { } rules || !Writable(values, rules)) return null;
                if (entry.State == EntityState.Added) added.Add(entry.Metadata);
                pending.Add((entry, values, rules));
            }
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
        // A row referring to a row added in the same step needs the principal first: EF orders that.
        foreach (var (_, _, rules) in pending)
            if (rules.Principals.Any(added.Contains)) return null;
        return pending;
    }

    private static bool Writable(IUpdateEntry entry, TypeRules rules)
    {
        foreach (var column in rules.Columns)
            if (entry.HasTemporaryValue(column.Property)) return false;
        if (entry.EntityState == EntityState.Added)
        {
            // A generated property left at its sentinel is the database's to fill (identity, default).
            foreach (var property in rules.Generated)
                if (Equals(entry.GetCurrentValue(property), property.Sentinel)) return false;
            return true;
        }
        var modified = false;
        foreach (var column in rules.Columns)
        {
            if (!entry.IsModified(column.Property)) continue;
            // Changing a unique value may need another row's change first (EF orders those).
            if (column.Property.IsPrimaryKey() || rules.Unique.Contains(column.Property)) return false;
            modified = true;
        }
        return modified;
    }

    private static TypeRules? Analyse(IEntityType type, ISqlGenerationHelper sql)
    {
        if (type.IsOwned() || type.HasSharedClrType || type.FindPrimaryKey() is null || type.BaseType is not null
            || type.GetDirectlyDerivedTypes().Any() || type.GetComplexProperties().Any() || type.GetTableName() is null
            || type.GetMappingFragments().Any() || type.GetInsertStoredProcedure() is not null || type.GetUpdateStoredProcedure() is not null)
            return null;
        var mappings = type.GetTableMappings().ToList();
        // One table, holding only this type (no table splitting or owned types in it).
        if (mappings is not [var mapping] || mapping.Table.EntityTypeMappings.Count() != 1) return null;
        foreach (var p in type.GetProperties())
        {
            if (p.IsShadowProperty() || p.ValueGenerated.HasFlag(ValueGenerated.OnUpdate) || p.GetComputedColumnSql() is not null
                || p.GetBeforeSaveBehavior() != PropertySaveBehavior.Save
                || (!p.IsPrimaryKey() && p.GetAfterSaveBehavior() != PropertySaveBehavior.Save))
                return null;
        }
        var unique = type.GetIndexes().Where(i => i.IsUnique).SelectMany(i => i.Properties)
            .Concat(type.GetKeys().SelectMany(k => k.Properties)).ToHashSet();
        var table = EntityTable.For(type);
        Column[] columns = [.. table.Columns.Select(c => new Column(c.Property, sql.DelimitIdentifier(c.Column), c.Property.GetRelationalTypeMapping(),
            c.Property.IsPrimaryKey() || c.Property.IsConcurrencyToken))];
        return new TypeRules(
            $"INSERT INTO {table.Table(sql)} ({string.Join(", ", columns.Select(c => c.Quoted))}) VALUES (",
            $"UPDATE {table.Table(sql)} SET ",
            columns,
            [.. type.GetProperties().Where(p => p.ValueGenerated != ValueGenerated.Never)],
            unique,
            [.. type.GetForeignKeys().Select(f => f.PrincipalEntityType)]);
    }

    // Interceptors, events or an override of SaveChanges must see the save: those contexts keep it.
    private static bool HasSaveHooks(DbContext db)
    {
        if (db.GetService<IInterceptors>().Aggregate<ISaveChangesInterceptor>() is not null) return true;
        foreach (var field in SaveEvents)
            if (field is null || field.GetValue(db) is not null) return true;
        return Hooked.GetOrAdd(db.GetType(), static type =>
            type.GetMethod(nameof(DbContext.SaveChangesAsync), [typeof(bool), typeof(CancellationToken)])?.DeclaringType != typeof(DbContext)
            || type.GetMethod(nameof(DbContext.SaveChangesAsync), [typeof(CancellationToken)])?.DeclaringType != typeof(DbContext));
    }
}
