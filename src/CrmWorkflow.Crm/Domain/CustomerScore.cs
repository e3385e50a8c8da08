using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace CrmWorkflow.Crm.Domain;

/// <summary>
/// The segmentation job's verdict on one customer: RFM quintiles, segment, value and churn
/// risk, with the factors behind the risk so the score explains itself.
/// </summary>
public sealed class CustomerScore
{
    public long CustomerId { get; set; }
    /// <summary>1 (worst) to 5 (best).</summary>
    public int Recency { get; set; }
    public int Frequency { get; set; }
    public int Monetary { get; set; }
    public string Segment { get; set; } = "";
    /// <summary>Realised margin to date.</summary>
    public decimal HistoricalValue { get; set; }
    /// <summary>Expected margin over the next 12 months if behaviour continues.</summary>
    public decimal CurrentValue { get; set; }
    /// <summary>The gap to peers of the same segment (cross-sell, referrals).</summary>
    public decimal PotentialValue { get; set; }
    /// <summary>0-100.</summary>
    public int ChurnRisk { get; set; }
    /// <summary>JSON [{ "factor": ..., "weight": ..., "detail": ... }].</summary>
    public string ChurnFactorsJson { get; set; } = "[]";
    public DateTimeOffset ComputedAt { get; set; }
}

internal sealed class CustomerScoreConfiguration : IEntityTypeConfiguration<CustomerScore>
{
    public void Configure(EntityTypeBuilder<CustomerScore> b)
    {
        b.ToTable("CustomerScores");
        b.HasKey(x => x.CustomerId);
        b.Property(x => x.CustomerId).ValueGeneratedNever();
        b.Property(x => x.Segment).HasMaxLength(40);
        b.Property(x => x.HistoricalValue).HasPrecision(18, 2);
        b.Property(x => x.CurrentValue).HasPrecision(18, 2);
        b.Property(x => x.PotentialValue).HasPrecision(18, 2);
        b.HasIndex(x => new { x.Segment, x.ChurnRisk });
        b.HasIndex(x => x.ChurnRisk);
    }
}
