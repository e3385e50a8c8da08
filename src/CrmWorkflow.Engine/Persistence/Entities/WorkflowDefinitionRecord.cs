using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Engine.Persistence.Entities;

/// <summary>
/// One version of a definition: a draft (editable, only the newest version can be one) or
/// published (immutable; instances run on it).
/// </summary>
public sealed class WorkflowDefinitionRecord
{
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
    public string Name { get; set; } = "";
    public string? Description { get; set; }
    /// <summary>The definition document (the shared JSON contract).</summary>
    public string Json { get; set; } = "";
    /// <summary>SHA-256 of the document without its version, to spot unchanged re-imports.</summary>
    public string ContentHash { get; set; } = "";
    /// <summary>The newest version, draft or published.</summary>
    public bool IsLatest { get; set; }
    /// <summary>Published (immutable) rather than a draft.</summary>
    public bool IsPublished { get; set; }
    /// <summary>The newest published version: the one new instances start on.</summary>
    public bool IsLatestPublished { get; set; }
    public DateTimeOffset SavedAt { get; set; }
    public string? SavedBy { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }
    /// <summary>Bumped on every save of a draft; a stale editor cannot overwrite newer work.</summary>
    public int Revision { get; set; }
}

internal sealed class WorkflowDefinitionConfiguration : IEntityTypeConfiguration<WorkflowDefinitionRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowDefinitionRecord> b)
    {
        b.ToTable("WorkflowDefinitions");
        b.HasKey(x => new { x.DefinitionId, x.Version });
        b.Property(x => x.DefinitionId).HasMaxLength(100);
        b.Property(x => x.Name).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.Property(x => x.ContentHash).HasMaxLength(64);
        b.Property(x => x.PublishedBy).HasMaxLength(200);
        b.Property(x => x.SavedBy).HasMaxLength(200);
        b.Property(x => x.Revision).IsConcurrencyToken();
        b.HasIndex(x => new { x.DefinitionId, x.IsLatest });
        b.HasIndex(x => new { x.DefinitionId, x.IsLatestPublished });
    }
}

/// <summary>An event that starts the latest published version of a definition.</summary>
public sealed class WorkflowTriggerRecord
{
    public long Id { get; set; }
    public string EventName { get; set; } = "";
    public string DefinitionId { get; set; } = "";
    public int Version { get; set; }
}

internal sealed class WorkflowTriggerConfiguration : IEntityTypeConfiguration<WorkflowTriggerRecord>
{
    public void Configure(EntityTypeBuilder<WorkflowTriggerRecord> b)
    {
        b.ToTable("WorkflowTriggers");
        b.HasKey(x => x.Id);
        b.Property(x => x.EventName).HasMaxLength(200);
        b.Property(x => x.DefinitionId).HasMaxLength(100);
        b.HasIndex(x => x.EventName);
        b.HasIndex(x => x.DefinitionId);
    }
}
