using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>What kind of note a person left on a complaint.</summary>
public enum ComplaintNoteKind { Status, Escalation }

/// <summary>
/// Words a person left on a complaint: the note with a status change, or the reason an
/// escalation was asked for. Events carry them to workflows; this keeps them for the timeline.
/// </summary>
public sealed class ComplaintNote
{
    public const int MaxText = 2000;

    public long Id { get; set; }
    public long ComplaintId { get; set; }
    public DateTimeOffset At { get; set; }
    public ComplaintNoteKind Kind { get; set; }
    /// <summary>Who wrote it (the signed-in user's name), when known.</summary>
    public string? Author { get; set; }
    /// <summary>For a status note: the status moved to (camel case, as the API says it).</summary>
    public string? Status { get; set; }
    public string Text { get; set; } = "";
}

internal sealed class ComplaintNoteConfiguration : IEntityTypeConfiguration<ComplaintNote>
{
    public void Configure(EntityTypeBuilder<ComplaintNote> b)
    {
        b.ToTable("ComplaintNotes");
        b.Property(x => x.Kind).HasConversion<string>().HasMaxLength(12);
        b.Property(x => x.Author).HasMaxLength(200);
        b.Property(x => x.Status).HasMaxLength(20);
        b.Property(x => x.Text).HasMaxLength(ComplaintNote.MaxText);
        b.HasOne<Complaint>().WithMany().HasForeignKey(x => x.ComplaintId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.ComplaintId, x.At });
    }
}
