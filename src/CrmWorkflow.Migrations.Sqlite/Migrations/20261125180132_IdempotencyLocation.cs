using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class IdempotencyLocation : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Location",
                table: "IdempotencyRecords",
                type: "TEXT",
                maxLength: 500,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Location",
                table: "IdempotencyRecords");
        }
    }
}
