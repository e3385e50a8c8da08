using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmWorkflow.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Customer search matches names and emails by prefix with LIKE, which SQLite compares
    /// ignoring case: only an index in the NOCASE collation can serve it (the plain indexes
    /// are binary), so without these a search read every customer (1.1 s at a million).
    /// EF Core cannot declare an index collation for SQLite, hence raw SQL; SQL Server's
    /// case-insensitive default collation already lets its plain indexes serve LIKE.
    /// </summary>
    public partial class CustomerNameSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS IX_Customers_Name_NoCase ON Customers (Name COLLATE NOCASE);");
            migrationBuilder.Sql("CREATE INDEX IF NOT EXISTS IX_Customers_Email_NoCase ON Customers (Email COLLATE NOCASE);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_Customers_Email_NoCase;");
            migrationBuilder.Sql("DROP INDEX IF EXISTS IX_Customers_Name_NoCase;");
        }
    }
}
