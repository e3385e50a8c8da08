using CrmWorkflow.Engine.Persistence;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;

#nullable disable

namespace CrmWorkflow.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Rebuilds the journal and the bookmarks as WITHOUT ROWID tables (clustered by their text keys,
    /// as SQL Server stores them): a rowid table keyed by text keeps every row twice, in the table
    /// and in its key's index, so each insert wrote two b-trees. The steps SQLite documents for any
    /// table change: create the new table, copy every row, drop the old one (and its indexes),
    /// rename, re-create the indexes; all inside the migration's transaction. No foreign key points
    /// to or from these tables, and no trigger or view uses them. Down rebuilds them as rowid tables.
    /// </summary>
    public partial class SqliteWithoutRowId : Migration
    {
        private static readonly (string Name, string[] Columns, string Filter)[] BookmarkIndexes =
        [
            ("IX_WorkflowBookmarks_ChildInstanceId", ["ChildInstanceId"], "ChildInstanceId IS NOT NULL"),
            ("IX_WorkflowBookmarks_DueAt", ["DueAt"], "DueAt IS NOT NULL"),
            ("IX_WorkflowBookmarks_EventName_CorrelationKey", ["EventName", "CorrelationKey"], "EventName IS NOT NULL"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder) => RebuildAll(migrationBuilder, withoutRowId: true);

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder) => RebuildAll(migrationBuilder, withoutRowId: false);

        private static void RebuildAll(MigrationBuilder migrationBuilder, bool withoutRowId)
        {
            Rebuild(migrationBuilder, "WorkflowJournal", withoutRowId, CreateJournal, []);
            Rebuild(migrationBuilder, "WorkflowBookmarks", withoutRowId, CreateBookmarks, BookmarkIndexes);
        }

        private static void Rebuild(MigrationBuilder migrationBuilder, string table, bool withoutRowId,
            Action<MigrationBuilder, string> create, (string Name, string[] Columns, string Filter)[] indexes)
        {
            var copy = "ef_temp_" + table;
            create(migrationBuilder, copy);
            var createTable = (CreateTableOperation)migrationBuilder.Operations[^1];
            // Said on the operation, so the SQL generator need not infer it from a model.
            createTable.AddAnnotation(SqliteTableLayout.WithoutRowIdAnnotation, withoutRowId);
            var columns = string.Join(", ", createTable.Columns.Select(c => $"\"{c.Name}\""));
            migrationBuilder.Sql($"INSERT INTO \"{copy}\" ({columns}) SELECT {columns} FROM \"{table}\";");
            migrationBuilder.DropTable(name: table);
            migrationBuilder.RenameTable(name: copy, newName: table);
            foreach (var (name, indexColumns, filter) in indexes)
                migrationBuilder.CreateIndex(name: name, table: table, columns: indexColumns, filter: filter);
        }

        private static void CreateJournal(MigrationBuilder migrationBuilder, string name) =>
            migrationBuilder.CreateTable(
                name: name,
                columns: table => new
                {
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Sequence = table.Column<int>(type: "INTEGER", nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    ActivityType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    EndedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Port = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Error = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowJournal", x => new { x.InstanceId, x.Sequence });
                });

        private static void CreateBookmarks(MigrationBuilder migrationBuilder, string name) =>
            migrationBuilder.CreateTable(
                name: name,
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    InstanceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActivityId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    EventName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    CorrelationKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ChildInstanceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    LeaseUntil = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_WorkflowBookmarks", x => x.Id);
                });
    }
}
