using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>How a message reaches its recipient.</summary>
public enum MessageChannel { Email, Sms, InApp }

/// <summary>Where a queued message is in its delivery.</summary>
public enum MessageStatus { Pending, Sent, Failed }

/// <summary>
/// A rendered notification waiting in the outbox. It is written in the same transaction as
/// the workflow step that produced it, so it exists exactly when the step happened; the
/// sender delivers it afterwards with retries.
/// </summary>
public sealed class OutboundMessage
{
    /// <summary>Unique id; also the message's Message-Id, so a receiver can drop a repeat.</summary>
    public string Id { get; set; } = "";
    public MessageChannel Channel { get; set; }
    /// <summary>Email address, phone number or (in-app) user id.</summary>
    public string Recipient { get; set; } = "";
    public string? RecipientName { get; set; }
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    /// <summary>True when the body is HTML.</summary>
    public bool IsHtml { get; set; }
    public string Template { get; set; } = "";
    /// <summary>What the message is about, e.g. Complaint / 42, for the record's timeline.</summary>
    public string? RelatedType { get; set; }
    public string? RelatedId { get; set; }
    public string? InstanceId { get; set; }
    public MessageStatus Status { get; set; }
    public int Attempts { get; set; }
    /// <summary>The sender may (re)try from this moment.</summary>
    public DateTimeOffset NextAttemptAt { get; set; }
    /// <summary>A sender claimed the message until then (several hosts can share the outbox).</summary>
    public DateTimeOffset? LeaseUntil { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? SentAt { get; set; }
    public string? LastError { get; set; }
    /// <summary>In-app messages: when the recipient marked it read (null: unread).</summary>
    public DateTimeOffset? ReadAt { get; set; }
}

/// <summary>The round-robin position of one assignment rule, moved with every assignment.</summary>
public sealed class RoutingPointer
{
    /// <summary>The rule's key (workflow, activity and rule name).</summary>
    public string Key { get; set; } = "";
    /// <summary>How many assignments the rule has made; the next manager is the one after this.</summary>
    public long Position { get; set; }
    public string? LastManagerId { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

internal sealed class OutboundMessageConfiguration : IEntityTypeConfiguration<OutboundMessage>
{
    public void Configure(EntityTypeBuilder<OutboundMessage> b)
    {
        b.ToTable("OutboundMessages");
        b.Property(x => x.Id).HasMaxLength(32);
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Recipient).HasMaxLength(200);
        b.Property(x => x.RecipientName).HasMaxLength(200);
        b.Property(x => x.Subject).HasMaxLength(300);
        b.Property(x => x.Template).HasMaxLength(100);
        b.Property(x => x.RelatedType).HasMaxLength(40);
        b.Property(x => x.RelatedId).HasMaxLength(40);
        b.Property(x => x.InstanceId).HasMaxLength(32);
        b.Property(x => x.Status).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.LeaseOwner).HasMaxLength(100);
        b.Property(x => x.LastError).HasMaxLength(2000);
        // The sender's scan: pending messages by due time.
        b.HasIndex(x => new { x.Status, x.NextAttemptAt });
        b.HasIndex(x => new { x.RelatedType, x.RelatedId });
        // A recipient's in-app messages, newest first (the header's bell and the notifications page).
        // Only in-app messages are in it: emails and SMS, a queued lead's among them, pay nothing.
        // Brackets quote the column on both SQLite and SQL Server.
        b.HasIndex(x => new { x.Recipient, x.CreatedAt }, "IX_OutboundMessages_InApp_Recipient_CreatedAt").HasFilter("[Channel] = 'InApp'");
    }
}

internal sealed class RoutingPointerConfiguration : IEntityTypeConfiguration<RoutingPointer>
{
    public void Configure(EntityTypeBuilder<RoutingPointer> b)
    {
        b.ToTable("RoutingPointers");
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(200);
        b.Property(x => x.LastManagerId).HasMaxLength(40);
        // Two assignments racing for the same position: one of them retries.
        b.Property(x => x.Position).IsConcurrencyToken();
    }
}
