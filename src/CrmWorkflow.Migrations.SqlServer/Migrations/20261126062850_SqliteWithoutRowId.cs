using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmWorkflow.Migrations.SqlServer.Migrations
{
    /// <summary>
    /// Nothing on SQL Server: it stores every table clustered by its primary key already. The SQLite
    /// migration of the same id rebuilds the journal and bookmarks so; this one keeps the ids of both
    /// providers in step and records the (SQLite-only) mark in the model snapshot.
    /// </summary>
    public partial class SqliteWithoutRowId : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {

        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
