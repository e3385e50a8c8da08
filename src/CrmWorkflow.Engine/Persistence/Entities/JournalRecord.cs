using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Engine.Persistence.Entities;

/// <summary>One activity execution, keyed by instance and sequence.</summary>
public sealed class JournalRecord
{
    public string InstanceId { get; set; } = "";
    public int Sequence { get; set; }
    public string ActivityId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset EndedAt { get; set; }
    public string? Port { get; set; }
    public string? Error { get; set; }
}

internal sealed class JournalConfiguration : IEntityTypeConfiguration<JournalRecord>
{
    public void Configure(EntityTypeBuilder<JournalRecord> b)
    {
        b.ToTable("WorkflowJournal").IsWithoutRowIdOnSqlite();
        // A natural key: rows need no generated id, so a step's journal inserts without read-backs.
        b.HasKey(x => new { x.InstanceId, x.Sequence });
        b.Property(x => x.InstanceId).HasMaxLength(32);
        b.Property(x => x.ActivityId).HasMaxLength(100);
        b.Property(x => x.ActivityType).HasMaxLength(100);
        b.Property(x => x.Port).HasMaxLength(200);
    }
}

/// <summary>A failure that stopped an instance.</summary>
public sealed class IncidentRecord
{
    public string Id { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public string ActivityId { get; set; } = "";
    public string ActivityType { get; set; } = "";
    public string Message { get; set; } = "";
    public string? Stack { get; set; }
    public DateTimeOffset At { get; set; }
    public DateTimeOffset? ResolvedAt { get; set; }
    /// <summary>retried or cancelled.</summary>
    public string? Resolution { get; set; }
}

internal sealed class IncidentConfiguration : IEntityTypeConfiguration<IncidentRecord>
{
    public void Configure(EntityTypeBuilder<IncidentRecord> b)
    {
        b.ToTable("WorkflowIncidents");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.InstanceId).HasMaxLength(32);
        b.Property(x => x.DefinitionId).HasMaxLength(100);
        b.Property(x => x.ActivityId).HasMaxLength(100);
        b.Property(x => x.ActivityType).HasMaxLength(100);
        b.Property(x => x.Message).HasMaxLength(4000);
        b.Property(x => x.Resolution).HasMaxLength(20);
        b.HasIndex(x => new { x.InstanceId, x.ResolvedAt });
        b.HasIndex(x => x.ResolvedAt);
    }
}

/// <summary>Kinds of deferred work in the outbox.</summary>
public enum WorkKind
{
    /// <summary>Dispatch a raised event.</summary>
    Event,
    /// <summary>Resume a parent whose child finished.</summary>
    ChildFinished,
}

/// <summary>
/// Work accepted in one transaction and carried out after it commits (events raised by
/// activities, child completions). Rows survive a crash and are picked up again.
/// </summary>
public sealed class WorkItemRecord
{
    public string Id { get; set; } = "";
    public WorkKind Kind { get; set; }
    public string? Name { get; set; }
    public string? CorrelationId { get; set; }
    public string? InstanceId { get; set; }
    public string? PayloadJson { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
}

internal sealed class WorkItemConfiguration : IEntityTypeConfiguration<WorkItemRecord>
{
    public void Configure(EntityTypeBuilder<WorkItemRecord> b)
    {
        b.ToTable("WorkflowWorkItems");
        b.HasKey(x => x.Id);
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.CorrelationId).HasMaxLength(200);
        b.Property(x => x.InstanceId).HasMaxLength(32);
        b.Property(x => x.LeaseOwner).HasMaxLength(100);
        b.Property(x => x.LastError).HasMaxLength(4000);
        b.HasIndex(x => x.LeaseUntil);
    }
}
