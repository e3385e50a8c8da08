using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmWorkflow.Migrations.SqlServer.Migrations
{
    /// <summary>
    /// The roster version: one row that triggers on ClientManagers and OutOfOffice change with
    /// every write that could change whom routing may pick (anything but the OpenLeads and
    /// KeyAccounts counters), so a host can keep the roster in memory and know with one read
    /// whether it is still current, whoever wrote: EF, bulk updates, raw SQL or another host.
    /// The version is a fresh random number, never a count, so a rolled-back change cannot
    /// leave a number a later, different change takes again.
    /// </summary>
    public partial class ManagerRosterVersion : Migration
    {
        // IF UPDATE(column) holds when the statement set the column, whatever the value.
        private const string RosterColumnsChanged =
            "UPDATE([Id]) OR UPDATE([Name]) OR UPDATE([UserId]) OR UPDATE([Email]) OR UPDATE([Regions]) OR UPDATE([Industries]) OR UPDATE([Skills]) OR UPDATE([Languages]) OR UPDATE([Seniority]) OR UPDATE([LeadCapacity]) OR UPDATE([KeyAccountCapacity]) OR UPDATE([IsActive]) OR UPDATE([DeactivatedAt]) OR UPDATE([Weight]) OR UPDATE([Team]) OR UPDATE([SupervisorId]) OR UPDATE([CalendarId])";

        private static readonly (string Name, string Table, string Event, string Condition)[] Triggers =
        [
            ("TR_ClientManagers_Roster_Insert", "ClientManagers", "INSERT", null),
            ("TR_ClientManagers_Roster_Update", "ClientManagers", "UPDATE", RosterColumnsChanged),
            ("TR_ClientManagers_Roster_Delete", "ClientManagers", "DELETE", null),
            ("TR_OutOfOffice_Roster_Insert", "OutOfOffice", "INSERT", null),
            ("TR_OutOfOffice_Roster_Update", "OutOfOffice", "UPDATE", null),
            ("TR_OutOfOffice_Roster_Delete", "OutOfOffice", "DELETE", null),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RosterVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    Version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RosterVersions", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "RosterVersions",
                columns: new[] { "Id", "Version" },
                values: new object[] { 1, 0L });

            // CREATE TRIGGER must open its batch, and the idempotent script wraps each migration
            // step in IF ... BEGIN ... END, so each trigger is created through EXEC.
            foreach (var (name, table, on, condition) in Triggers)
            {
                var body = $"CREATE TRIGGER [{name}] ON [{table}] AFTER {on} AS BEGIN SET NOCOUNT ON; "
                    + (condition is null ? "" : $"IF {condition} ") + "UPDATE [RosterVersions] SET [Version] = CAST(CRYPT_GEN_RANDOM(8) AS bigint) WHERE [Id] = 1; END";
                migrationBuilder.Sql($"EXEC(N'{body.Replace("'", "''")}');");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (name, _, _, _) in Triggers) migrationBuilder.Sql($"DROP TRIGGER IF EXISTS [{name}];");
            migrationBuilder.DropTable(
                name: "RosterVersions");
        }
    }
}
