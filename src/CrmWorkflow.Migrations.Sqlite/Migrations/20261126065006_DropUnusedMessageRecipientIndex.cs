using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmWorkflow.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DropUnusedMessageRecipientIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_OutboundMessages_Channel_Recipient_CreatedAt",
                table: "OutboundMessages");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_OutboundMessages_Channel_Recipient_CreatedAt",
                table: "OutboundMessages",
                columns: new[] { "Channel", "Recipient", "CreatedAt" });
        }
    }
}
