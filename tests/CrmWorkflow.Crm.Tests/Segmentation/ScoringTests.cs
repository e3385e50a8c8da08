using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Segmentation;

namespace CrmWorkflow.Crm.Tests.Segmentation;

public sealed class ScoringTests
{
    [Fact]
    public void Quintiles_TenDistinctValues_TwoPerQuintileInOrder()
    {
        var q = Scoring.Quintiles([10, 1, 9, 2, 8, 3, 7, 4, 6, 5]);

        Assert.Equal([5, 1, 5, 1, 4, 2, 4, 2, 3, 3], q);
    }

    [Fact]
    public void Quintiles_TiedValues_ShareOneQuintile()
    {
        var q = Scoring.Quintiles([1, 1, 1, 1, 1, 1, 1, 1, 9, 9]);

        Assert.All(q.Take(8), v => Assert.Equal(1, v));
        Assert.Equal(5, q[8]);
        Assert.Equal(q[8], q[9]);
    }

    [Theory]
    [InlineData(0, CustomerTier.Standard)]
    [InlineData(4_999.99, CustomerTier.Standard)]
    [InlineData(5_000, CustomerTier.Silver)]
    [InlineData(19_999.99, CustomerTier.Silver)]
    [InlineData(20_000, CustomerTier.Gold)]
    [InlineData(100_000, CustomerTier.Diamond)]
    public void Tier_AtAndBelowThresholds_IsAsConfigured(double spend, CustomerTier expected) =>
        Assert.Equal(expected, Scoring.Tier((decimal)spend, new SegmentationOptions()));

    [Fact]
    public void Tier_CustomThresholds_AreUsed() =>
        Assert.Equal(CustomerTier.Gold, Scoring.Tier(1_000m, new SegmentationOptions { SilverFrom = 100, GoldFrom = 1_000, DiamondFrom = 10_000 }));

    [Theory]
    [InlineData(5, 5, 5, false, 10, "Champions")]
    [InlineData(1, 4, 3, false, 10, "At risk")]
    [InlineData(1, 1, 1, false, 1, "Hibernating")]
    [InlineData(3, 1, 1, true, 1, "New")]
    [InlineData(1, 1, 1, false, 0, "Prospect")]
    [InlineData(2, 2, 5, false, 3, "Big spenders")]
    public void Segment_FromRfm_IsNamed(int r, int f, int m, bool isNew, int orders, string expected) =>
        Assert.Equal(expected, Scoring.Segment(r, f, m, isNew, orders));
}
