using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmWorkflow.Migrations.SqlServer.Migrations
{
    /// <inheritdoc />
    public partial class InAppNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ReadAt",
                table: "OutboundMessages",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_InApp_Recipient_CreatedAt",
                table: "OutboundMessages",
                columns: new[] { "Recipient", "CreatedAt" },
                filter: "[Channel] = 'InApp'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_InApp_Recipient_CreatedAt",
                table: "OutboundMessages");

            migrationBuilder.DropColumn(
                name: "ReadAt",
                table: "OutboundMessages");
        }
    }
}
