using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmWorkflow.Migrations.SqlServer.Migrations
{
    /// <summary>
    /// Nothing to do on SQL Server: its case-insensitive default collation lets the existing
    /// Name and Email indexes serve prefix LIKE. Kept so both providers share migration ids.
    /// </summary>
    public partial class CustomerNameSearch : Migration
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
