using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Engine.Persistence.Entities;

/// <summary>An instance: its full state as JSON plus columns to query by.</summary>
public sealed class WorkflowInstanceRecord
{
    public string Id { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public WorkflowStatus Status { get; set; }
    public string? CorrelationId { get; set; }
    public string? ParentInstanceId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    /// <summary>The <see cref="WorkflowInstanceState"/> as JSON.</summary>
    public string StateJson { get; set; } = "";
    /// <summary>Bumped on every save; two writers of one instance cannot both win.</summary>
    public int Revision { get; set; }
    /// <summary>Host running queued work of this instance, while its lease lasts.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}

internal sealed class WorkflowInstanceConfiguration : IEntityTypeConfiguration<WorkflowInstanceRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowInstanceRecord> b)
    {
        b.ToTable("WorkflowInstances");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.DefinitionId).HasMaxLength(100);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.CorrelationId).HasMaxLength(200);
        b.Property(x => x.ParentInstanceId).HasMaxLength(32);
        b.Property(x => x.LeaseOwner).HasMaxLength(100);
        b.Property(x => x.Revision).IsConcurrencyToken();
        // Only the recovery sweep looks instances up by status; it wants the Running ones.
        b.HasIndex(x => x.LeaseUntil).HasFilter("Status = 'Running'");
        b.HasIndex(x => x.CorrelationId).HasFilter("CorrelationId IS NOT NULL");
        b.HasIndex(x => new { x.DefinitionId, x.Version });
        b.HasIndex(x => x.ParentInstanceId).HasFilter("ParentInstanceId IS NOT NULL");
    }
}

/// <summary>A wait point. Deleting the row is what makes a resume happen exactly once.</summary>
public sealed class BookmarkRecord
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public BookmarkKind Kind { get; set; }
    public string? EventName { get; set; }
    public string? CorrelationKey { get; set; }
    public DateTimeOffset? DueAt { get; set; }
    public string? ChildInstanceId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Dispatcher holding a due timer, while its lease lasts.</summary>
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}

internal sealed class BookmarkConfiguration : IEntityTypeConfiguration<BookmarkRecord>
{
    public void Configure(EntityTypeBuilder<BookmarkRecord> b)
    {
        b.ToTable("WorkflowBookmarks").IsWithoutRowIdOnSqlite();
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.InstanceId).HasMaxLength(32);
        b.Property(x => x.ActivityId).HasMaxLength(100);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.EventName).HasMaxLength(200);
        b.Property(x => x.CorrelationKey).HasMaxLength(200);
        b.Property(x => x.ChildInstanceId).HasMaxLength(32);
        b.Property(x => x.LeaseOwner).HasMaxLength(100);
        // Partial indexes: task bookmarks (the most common kind) are in neither.
        b.HasIndex(x => x.DueAt).HasFilter("DueAt IS NOT NULL");
        b.HasIndex(x => new { x.EventName, x.CorrelationKey }).HasFilter("EventName IS NOT NULL");
        b.HasIndex(x => x.ChildInstanceId).HasFilter("ChildInstanceId IS NOT NULL");
    }
}
