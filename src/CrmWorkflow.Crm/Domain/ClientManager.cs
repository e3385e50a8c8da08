using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>Seniority of a client manager.</summary>
public enum Seniority { Junior, Senior, Principal }

/// <summary>
/// A dedicated relationship manager: one accountable person per key customer, a stable and
/// explicit service pairing (the client-manager system).
/// </summary>
public sealed class ClientManager
{
    /// <summary>Stable code, e.g. cm-0012; workflows assign tasks to it.</summary>
    public string Id { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>The sign-in user who works as this manager.</summary>
    public string? UserId { get; set; }
    public string? Email { get; set; }
    /// <summary>Comma-separated lists, kept short and searchable.</summary>
    public string Regions { get; set; } = "";
    public string Industries { get; set; } = "";
    public string Skills { get; set; } = "";
    public string Languages { get; set; } = "";
    public Seniority Seniority { get; set; }
    /// <summary>Most open leads at once.</summary>
    public int LeadCapacity { get; set; } = 20;
    /// <summary>Most key accounts served.</summary>
    public int KeyAccountCapacity { get; set; } = 10;
    /// <summary>Open leads now (kept current by lead routing, so "least loaded" is one index scan).</summary>
    public int OpenLeads { get; set; }
    public int KeyAccounts { get; set; }
    public bool IsActive { get; set; } = true;
    /// <summary>When the manager was deactivated (left, moved on); their accounts were handed over then.</summary>
    public DateTimeOffset? DeactivatedAt { get; set; }
    /// <summary>Share of leads under the weighted strategy when a policy gives no weight of its own.</summary>
    public int Weight { get; set; } = 1;
    public string? Team { get; set; }
    public string? SupervisorId { get; set; }
    /// <summary>Working calendar (time zone, hours, holidays).</summary>
    public long? CalendarId { get; set; }

    public List<OutOfOffice> OutOfOffice { get; set; } = [];
}

/// <summary>A period a manager is away; routing skips them.</summary>
public sealed class OutOfOffice
{
    public long Id { get; set; }
    public string ManagerId { get; set; } = "";
    public DateTimeOffset From { get; set; }
    public DateTimeOffset To { get; set; }
    public string? Reason { get; set; }
}

/// <summary>Primary or backup manager of an account.</summary>
public enum AssignmentRole { Primary, Backup }

/// <summary>Who served whom, when and why: the full history of the pairing.</summary>
public sealed class AccountAssignment
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public string ManagerId { get; set; } = "";
    public AssignmentRole Role { get; set; }
    public DateTimeOffset From { get; set; }
    public DateTimeOffset? To { get; set; }
    public string? Reason { get; set; }
}

internal sealed class ClientManagerConfiguration : IEntityTypeConfiguration<ClientManager>
{
    public void Configure(EntityTypeBuilder<ClientManager> b)
    {
        // Triggers keep the roster version (RosterVersion); declared so EF Core reads generated
        // values in a way triggers allow.
        b.ToTable("ClientManagers", t => { foreach (var name in RosterTriggers.ClientManagers) t.HasTrigger(name); });
        b.Property(x => x.Id).HasMaxLength(40);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.UserId).HasMaxLength(450);
        b.Property(x => x.Email).HasMaxLength(200);
        b.Property(x => x.Regions).HasMaxLength(400);
        b.Property(x => x.Industries).HasMaxLength(400);
        b.Property(x => x.Skills).HasMaxLength(400);
        b.Property(x => x.Languages).HasMaxLength(200);
        b.Property(x => x.Seniority).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Team).HasMaxLength(100);
        b.Property(x => x.SupervisorId).HasMaxLength(40);
        // Two assignments to one manager at once: the second sees the first's count or retries,
        // so capacity holds under concurrency.
        b.Property(x => x.OpenLeads).IsConcurrencyToken();
        b.HasMany(x => x.OutOfOffice).WithOne().HasForeignKey(o => o.ManagerId).OnDelete(DeleteBehavior.Cascade);
        // Least-loaded active manager: scan active managers by load.
        b.HasIndex(x => new { x.IsActive, x.OpenLeads });
        b.HasIndex(x => x.UserId).HasFilter("UserId IS NOT NULL");
    }
}

internal sealed class OutOfOfficeConfiguration : IEntityTypeConfiguration<OutOfOffice>
{
    public void Configure(EntityTypeBuilder<OutOfOffice> b)
    {
        b.ToTable("OutOfOffice", t => { foreach (var name in RosterTriggers.OutOfOffice) t.HasTrigger(name); });
        b.Property(x => x.ManagerId).HasMaxLength(40);
        b.Property(x => x.Reason).HasMaxLength(200);
        b.HasIndex(x => new { x.ManagerId, x.To });
    }
}

internal sealed class AccountAssignmentConfiguration : IEntityTypeConfiguration<AccountAssignment>
{
    public void Configure(EntityTypeBuilder<AccountAssignment> b)
    {
        b.ToTable("AccountAssignments");
        b.Property(x => x.ManagerId).HasMaxLength(40);
        b.Property(x => x.Role).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Reason).HasMaxLength(400);
        b.HasIndex(x => new { x.CustomerId, x.From });
        b.HasIndex(x => new { x.ManagerId, x.To });
    }
}
