using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Engine.Persistence.Entities;

/// <summary>Status of a human task.</summary>
public enum HumanTaskStatus
{
    /// <summary>Waiting for someone.</summary>
    Open,
    /// <summary>Done, with an outcome.</summary>
    Completed,
    /// <summary>Withdrawn (instance ended or branch cancelled).</summary>
    Cancelled,
}

/// <summary>A task in someone's inbox.</summary>
public sealed class HumanTaskRecord
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string? CorrelationId { get; set; }
    public string Title { get; set; } = "";
    public string? Description { get; set; }
    public string? Assignee { get; set; }
    public string? Role { get; set; }
    public string? Queue { get; set; }
    public string Priority { get; set; } = "normal";
    public HumanTaskStatus Status { get; set; }
    /// <summary>Allowed outcomes as a JSON array.</summary>
    public string OutcomesJson { get; set; } = "[]";
    /// <summary>Form fields as a JSON array.</summary>
    public string FormJson { get; set; } = "[]";
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public DateTimeOffset? EscalateAt { get; set; }
    public string? Outcome { get; set; }
    public string? DataJson { get; set; }
    public string? CompletedBy { get; set; }
    public DateTimeOffset? ClosedAt { get; set; }
}

internal sealed class HumanTaskConfiguration : IEntityTypeConfiguration<HumanTaskRecord>
{
    public void Configure(EntityTypeBuilder<HumanTaskRecord> b)
    {
        b.ToTable("WorkflowTasks");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.InstanceId).HasMaxLength(32);
        b.Property(x => x.DefinitionId).HasMaxLength(100);
        b.Property(x => x.ActivityId).HasMaxLength(100);
        b.Property(x => x.CorrelationId).HasMaxLength(200);
        b.Property(x => x.Title).HasMaxLength(500);
        b.Property(x => x.Assignee).HasMaxLength(200);
        b.Property(x => x.Role).HasMaxLength(100);
        b.Property(x => x.Queue).HasMaxLength(100);
        b.Property(x => x.Priority).HasMaxLength(10);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Outcome).HasMaxLength(100);
        b.Property(x => x.CompletedBy).HasMaxLength(200);
        b.HasIndex(x => new { x.Assignee, x.Status }).HasFilter("Assignee IS NOT NULL");
        b.HasIndex(x => new { x.Role, x.Status }).HasFilter("Role IS NOT NULL");
        b.HasIndex(x => new { x.Queue, x.Status }).HasFilter("Queue IS NOT NULL");
        b.HasIndex(x => x.InstanceId);
        // "Open tasks, soonest due first" (the dated half) walks this instead of sorting them all; partial,
        // so other orders (newest first, priority) are not drawn to it and keep their own plans.
        b.HasIndex(x => new { x.Status, x.DueAt }).HasFilter("DueAt IS NOT NULL");
    }
}
