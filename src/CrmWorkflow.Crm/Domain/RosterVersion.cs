using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>
/// One row whose <see cref="Version"/> changes whenever a manager's slowly-changing fields or an
/// out-of-office period change, so every host can tell with one read whether the roster it keeps
/// in memory is still the database's. Triggers on ClientManagers and OutOfOffice set it (the
/// migration creates them), so every write path is caught: EF, bulk updates, raw SQL, the CLI.
/// </summary>
public sealed class RosterVersion
{
    /// <summary>Always 1: the table has one row.</summary>
    public int Id { get; set; }

    /// <summary>
    /// A fresh random number at each change rather than a count: a rolled-back change must not
    /// leave a number that a later, different change takes again.
    /// </summary>
    public long Version { get; set; }
}

internal sealed class RosterVersionConfiguration : IEntityTypeConfiguration<RosterVersion>
{
    public void Configure(EntityTypeBuilder<RosterVersion> b)
    {
        b.ToTable("RosterVersions");
        b.Property(x => x.Id).ValueGeneratedNever();
        b.HasData(new RosterVersion { Id = 1, Version = 0 });
    }
}

/// <summary>The triggers that change <see cref="RosterVersion"/>, named as the migration creates them.</summary>
public static class RosterTriggers
{
    /// <summary>On ClientManagers: insert, delete, and update of any column but the counters.</summary>
    public static readonly string[] ClientManagers =
        ["TR_ClientManagers_Roster_Insert", "TR_ClientManagers_Roster_Update", "TR_ClientManagers_Roster_Delete"];

    /// <summary>On OutOfOffice: insert, update and delete.</summary>
    public static readonly string[] OutOfOffice =
        ["TR_OutOfOffice_Roster_Insert", "TR_OutOfOffice_Roster_Update", "TR_OutOfOffice_Roster_Delete"];

    /// <summary>
    /// The ClientManagers columns the roster keeps: all but OpenLeads and KeyAccounts, which
    /// change with every assignment and are read fresh instead.
    /// </summary>
    public static readonly string[] RosterColumns =
    [
        "Id", "Name", "UserId", "Email", "Regions", "Industries", "Skills", "Languages", "Seniority", "LeadCapacity",
        "KeyAccountCapacity", "IsActive", "DeactivatedAt", "Weight", "Team", "SupervisorId", "CalendarId",
    ];
}
