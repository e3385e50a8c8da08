namespace CrmWorkflow.Crm.Features.Segmentation;

/// <summary>Thresholds of the segmentation job (section <c>Segmentation</c>).</summary>
public sealed class SegmentationOptions
{
    /// <summary>Spend over the last 12 months from which a customer is Silver.</summary>
    public decimal SilverFrom { get; set; } = 5_000m;

    /// <summary>... Gold.</summary>
    public decimal GoldFrom { get; set; } = 20_000m;

    /// <summary>... Diamond.</summary>
    public decimal DiamondFrom { get; set; } = 100_000m;

    /// <summary>Share of customers, by value, flagged as key accounts (the 20 % that bring 80 %).</summary>
    public double KeyAccountShare { get; set; } = 0.2;

    /// <summary>Churn risk from which <c>customer.churnRiskHigh</c> is raised.</summary>
    public int HighChurnRisk { get; set; } = 70;

    /// <summary>No order for this long: the customer is dormant.</summary>
    public int DormantAfterDays { get; set; } = 365;
}
