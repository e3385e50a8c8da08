using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>One contact with the customer on any channel: the customer timeline.</summary>
public sealed class Interaction
{
    public long Id { get; set; }
    public long CustomerId { get; set; }
    public long? ContactId { get; set; }
    public Channel Channel { get; set; }
    public Direction Direction { get; set; }
    public DateTimeOffset At { get; set; }
    public string Summary { get; set; } = "";
    public string? ManagerId { get; set; }
    /// <summary>Handling cost, for cost to serve per channel.</summary>
    public decimal Cost { get; set; }
    /// <summary>The customer answered (outbound) or was answered (inbound).</summary>
    public bool Responded { get; set; }
    public long? CampaignId { get; set; }
}

internal sealed class InteractionConfiguration : IEntityTypeConfiguration<Interaction>
{
    public void Configure(EntityTypeBuilder<Interaction> b)
    {
        b.ToTable("Interactions");
        b.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
        b.Property(x => x.Direction).HasConversion<string>().HasMaxLength(8);
        b.Property(x => x.Summary).HasMaxLength(2000);
        b.Property(x => x.ManagerId).HasMaxLength(40);
        b.Property(x => x.Cost).HasPrecision(18, 2);
        b.HasIndex(x => new { x.CustomerId, x.At });
        b.HasIndex(x => new { x.Channel, x.At });
    }
}
