using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class LeadRouting : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_Customers_Email",
                table: "Customers",
                column: "Email");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Customers_Email",
                table: "Customers");
        }
    }
}
