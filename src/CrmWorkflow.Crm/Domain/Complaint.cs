using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>How bad a complaint is.</summary>
public enum Severity { Low, Medium, High, Critical }

/// <summary>Where a complaint is in its handling.</summary>
public enum ComplaintStatus { New, Acknowledged, InProgress, WaitingOnCustomer, Resolved, Closed, Reopened }

/// <summary>A complaint, with its SLA clock, escalation and the customer's verdict.</summary>
public sealed class Complaint
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long? ContactId { get; set; }
    public Channel Channel { get; set; }
    public string Category { get; set; } = "";
    public Severity Severity { get; set; }
    public string Description { get; set; } = "";
    public ComplaintStatus Status { get; set; } = ComplaintStatus.New;
    /// <summary>low, normal, high or urgent; escalation raises it.</summary>
    public string Priority { get; set; } = "normal";
    public long? SlaPolicyId { get; set; }
    public DateTimeOffset OpenedAt { get; set; }
    /// <summary>The SLA clock starts here; pauses (waiting on the customer) are in <see cref="PausedJson"/>.</summary>
    public DateTimeOffset? SlaStartedAt { get; set; }
    /// <summary>Paused periods as JSON [{ "from": ..., "to": ... }].</summary>
    public string? PausedJson { get; set; }
    /// <summary>Business minutes the clock stood still (waiting on the customer), summed over the pauses.</summary>
    public int PausedMinutes { get; set; }
    public DateTimeOffset? ResponseDueAt { get; set; }
    public DateTimeOffset? ResolutionDueAt { get; set; }
    public DateTimeOffset? WarningAt { get; set; }
    /// <summary>When the warning fired (null until it does).</summary>
    public DateTimeOffset? WarnedAt { get; set; }
    public DateTimeOffset? BreachedAt { get; set; }
    public DateTimeOffset? RespondedAt { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
    /// <summary>Closed by the system (e.g. no answer), not resolved by a person: no survey.</summary>
    public bool AutoClosed { get; set; }
    public int EscalationLevel { get; set; }
    public string? AssigneeId { get; set; }
    public string? Resolution { get; set; }
    public string? RootCause { get; set; }
    /// <summary>1-5, from the satisfaction survey.</summary>
    public int? Satisfaction { get; set; }
    public DateTimeOffset? SurveySentAt { get; set; }
    public string? SatisfactionComment { get; set; }
}

internal sealed class ComplaintConfiguration : IEntityTypeConfiguration<Complaint>
{
    public void Configure(EntityTypeBuilder<Complaint> b)
    {
        b.ToTable("Complaints");
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Category).HasMaxLength(60);
        b.Property(x => x.Severity).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Description).HasMaxLength(4000);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.AssigneeId).HasMaxLength(40);
        b.Property(x => x.Priority).HasMaxLength(10);
        b.Property(x => x.Resolution).HasMaxLength(4000);
        b.Property(x => x.RootCause).HasMaxLength(200);
        b.Property(x => x.SatisfactionComment).HasMaxLength(2000);
        b.HasIndex(x => new { x.CustomerId, x.OpenedAt });
        // SLA scans: open complaints by due time.
        b.HasIndex(x => new { x.Status, x.ResolutionDueAt });
        b.HasIndex(x => new { x.AssigneeId, x.Status });
        // Survey suppression: surveys sent to a contact lately.
        b.HasIndex(x => new { x.ContactId, x.SurveySentAt });
    }
}
