using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace CrmWorkflow.Migrations.Sqlite.Migrations
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
        private const string RosterColumns =
            "Id, Name, UserId, Email, Regions, Industries, Skills, Languages, Seniority, LeadCapacity, KeyAccountCapacity, IsActive, DeactivatedAt, Weight, Team, SupervisorId, CalendarId";

        private static readonly (string Name, string Timing)[] Triggers =
        [
            ("TR_ClientManagers_Roster_Insert", "AFTER INSERT ON ClientManagers"),
            ("TR_ClientManagers_Roster_Update", $"AFTER UPDATE OF {RosterColumns} ON ClientManagers"),
            ("TR_ClientManagers_Roster_Delete", "AFTER DELETE ON ClientManagers"),
            ("TR_OutOfOffice_Roster_Insert", "AFTER INSERT ON OutOfOffice"),
            ("TR_OutOfOffice_Roster_Update", "AFTER UPDATE ON OutOfOffice"),
            ("TR_OutOfOffice_Roster_Delete", "AFTER DELETE ON OutOfOffice"),
        ];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RosterVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Version = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RosterVersions", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "RosterVersions",
                columns: new[] { "Id", "Version" },
                values: new object[] { 1, 0L });

            // SQLite's random() is 64 bits; UPDATE OF fires only when a listed column is set.
            foreach (var (name, timing) in Triggers)
                migrationBuilder.Sql($"CREATE TRIGGER {name} {timing} BEGIN UPDATE RosterVersions SET Version = random() WHERE Id = 1; END;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var (name, _) in Triggers) migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {name};");
            migrationBuilder.DropTable(
                name: "RosterVersions");
        }
    }
}
