using CrmWorkflow.Crm.Data;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Web.Startup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrmWorkflow.Migrations.Tests;

/// <summary>The journal and bookmarks as WITHOUT ROWID tables on SQLite: created so, migrated so, rebuilt so.</summary>
public sealed class SqliteWithoutRowIdTests : ProviderContexts
{
    private static readonly string[] Clustered = ["WorkflowJournal", "WorkflowBookmarks"];

    private static readonly string[] KeyOrder = ["InstanceId, Sequence", "Id"];

    [Fact]
    public async Task Migrate_FreshFile_StoresJournalAndBookmarksWithoutRowIdAndTheOthersWithRowId()
    {
        await using var db = Context(DatabaseProvider.Sqlite);

        await db.Database.MigrateAsync();

        foreach (var table in Clustered) Assert.True(await IsWithoutRowIdAsync(db, table), table);
        foreach (var table in new[] { "WorkflowInstances", "WorkflowTasks", "OutboundMessages", "Leads" }) Assert.False(await IsWithoutRowIdAsync(db, table), table);
    }

    [Fact]
    public async Task Migrate_FreshFile_HasEveryIndexTheModelDeclaresOnTheClusteredTables()
    {
        await using var db = Context(DatabaseProvider.Sqlite);

        await db.Database.MigrateAsync();

        var indexes = await IndexesAsync(db);
        var declared = db.Model.GetEntityTypes().Where(e => Clustered.Contains(e.GetTableName())).SelectMany(e => e.GetIndexes()).ToList();
        Assert.Equal(declared.Select(i => i.GetDatabaseName()!).Order(), indexes.Keys.Order());
        foreach (var index in declared.Where(i => i.GetFilter() is not null))
            Assert.EndsWith($"WHERE {index.GetFilter()}", indexes[index.GetDatabaseName()!]);
    }

    [Fact]
    public async Task MigrateAndBack_FromThePreviousMigrationWithRows_KeepsEveryRowAndIndex()
    {
        await using var db = Context(DatabaseProvider.Sqlite);
        var migrator = db.GetService<IMigrator>();
        var ids = db.Database.GetMigrations().ToList();
        var previous = ids[ids.FindIndex(id => id.EndsWith("_SqliteWithoutRowId", StringComparison.Ordinal)) - 1];
        await migrator.MigrateAsync(previous);
        AddRows(db);
        await db.SaveChangesAsync();
        var rowsBefore = await RowsAsync(db);
        var indexesBefore = await IndexesAsync(db);

        await migrator.MigrateAsync();

        foreach (var table in Clustered) Assert.True(await IsWithoutRowIdAsync(db, table), table);
        Assert.Equal(rowsBefore, await RowsAsync(db));
        Assert.Equal(indexesBefore, await IndexesAsync(db));

        await migrator.MigrateAsync(previous);

        foreach (var table in Clustered) Assert.False(await IsWithoutRowIdAsync(db, table), table);
        Assert.Equal(rowsBefore, await RowsAsync(db));
        Assert.Equal(indexesBefore, await IndexesAsync(db));
    }

    [Fact]
    public async Task ColumnChange_OnAWithoutRowIdTable_RebuildsItWithoutRowIdKeepingRowsAndIndexes()
    {
        await using var db = Context(DatabaseProvider.Sqlite);
        await db.Database.MigrateAsync();
        AddRows(db);
        await db.SaveChangesAsync();
        var rowsBefore = await RowsAsync(db);
        var indexesBefore = await IndexesAsync(db);
        // SQLite cannot alter a column in place: EF copies the table into ef_temp_WorkflowBookmarks and renames it.
        var change = new AlterColumnOperation { Table = "WorkflowBookmarks", Name = "ActivityId", ClrType = typeof(string), ColumnType = "TEXT", MaxLength = 100 };
        change.OldColumn.ClrType = typeof(string);
        change.OldColumn.ColumnType = "TEXT";
        change.OldColumn.IsNullable = true;

        var commands = db.GetService<IMigrationsSqlGenerator>().Generate([change], db.GetService<IDesignTimeModel>().Model);
        await db.GetService<IMigrationCommandExecutor>().ExecuteNonQueryAsync(commands, db.GetService<IRelationalConnection>());

        Assert.Contains(commands, c => c.CommandText.StartsWith("CREATE TABLE \"ef_temp_WorkflowBookmarks\"", StringComparison.Ordinal)
            && c.CommandText.TrimEnd().EndsWith(") WITHOUT ROWID;", StringComparison.Ordinal));
        Assert.True(await IsWithoutRowIdAsync(db, "WorkflowBookmarks"));
        Assert.Equal(rowsBefore, await RowsAsync(db));
        Assert.Equal(indexesBefore, await IndexesAsync(db));
    }

    [Fact]
    public void CreateScript_OfTheModel_CreatesOnlyTheMarkedTablesWithoutRowId()
    {
        using var db = Context(DatabaseProvider.Sqlite);

        var statements = db.Database.GenerateCreateScript().Split(";").Where(s => s.Contains("CREATE TABLE", StringComparison.Ordinal)).ToList();

        var clustered = statements.Where(s => s.TrimEnd().EndsWith("WITHOUT ROWID", StringComparison.Ordinal))
            .Select(s => s.Split('"')[1]).Order();
        Assert.Equal(Clustered.Order(), clustered);
    }

    private static void AddRows(CrmDbContext db)
    {
        var at = new DateTimeOffset(2026, 11, 26, 8, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < 3; i++)
        {
            var id = $"0195{i:D28}";
            db.Set<JournalRecord>().Add(new() { InstanceId = id, Sequence = 1, ActivityId = "start", ActivityType = "core.start", StartedAt = at, EndedAt = at.AddMilliseconds(3), Port = "done" });
            db.Set<JournalRecord>().Add(new() { InstanceId = id, Sequence = 2, ActivityId = "fail", ActivityType = "core.fail", StartedAt = at, EndedAt = at, Error = new string('e', 3_000) });
            db.Set<BookmarkRecord>().Add(new() { Id = "b" + id, InstanceId = id, ActivityId = "wait", Kind = (BookmarkKind)(i % 2), DueAt = i == 0 ? at.AddDays(1) : null, EventName = i == 1 ? "paid" : null, CorrelationKey = i == 1 ? "order-7" : null, CreatedAt = at });
        }
    }

    private static async Task<bool> IsWithoutRowIdAsync(CrmDbContext db, string table) =>
        (await db.Database.SqlQueryRaw<string>("SELECT sql AS Value FROM sqlite_master WHERE type = 'table' AND name = {0}", table).SingleAsync())
            .TrimEnd().EndsWith("WITHOUT ROWID", StringComparison.OrdinalIgnoreCase);

    private static async Task<Dictionary<string, string>> IndexesAsync(CrmDbContext db) =>
        (await db.Database.SqlQuery<IndexRow>($"SELECT name AS Name, sql AS Sql, tbl_name AS TableName FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
            .ToListAsync()).Where(i => Clustered.Contains(i.TableName)).ToDictionary(i => i.Name, i => i.Sql);

    // Every column of every row, as text with its storage class, in key order (a rebuild may reorder columns).
    private static async Task<List<string>> RowsAsync(CrmDbContext db)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync();
        var rows = new List<string>();
        foreach (var (table, key) in Clustered.Zip(KeyOrder))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT * FROM \"{table}\" ORDER BY {key}";
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
                rows.Add(table + ": " + string.Join(" | ", Enumerable.Range(0, reader.FieldCount).OrderBy(reader.GetName, StringComparer.Ordinal)
                    .Select(i => $"{reader.GetName(i)}={reader.GetDataTypeName(i)}:{reader.GetValue(i)}")));
        }
        await db.Database.CloseConnectionAsync();
        Assert.Equal(3 * 3, rows.Count);
        return rows;
    }

    private sealed class IndexRow
    {
        public string Name { get; set; } = "";
        public string Sql { get; set; } = "";
        public string TableName { get; set; } = "";
    }
}
