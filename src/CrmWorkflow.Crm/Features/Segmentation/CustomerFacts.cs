namespace CrmWorkflow.Crm.Features.Segmentation;

/// <summary>What the job knows about one customer after reading orders, payments and complaints.</summary>
internal sealed class CustomerFacts
{
    public long Id { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public int Orders { get; set; }
    public DateTimeOffset? LastOrder { get; set; }
    public decimal Amount { get; set; }
    public decimal Margin { get; set; }
    public decimal AmountLast12Months { get; set; }
    public decimal MarginLast12Months { get; set; }
    public int OrdersLast6Months { get; set; }
    public int OrdersPrevious6Months { get; set; }
    public int Payments { get; set; }
    public int LatePayments { get; set; }
    public int OverdueUnpaid { get; set; }
    public int OpenComplaints { get; set; }
    public double? AverageSatisfaction { get; set; }

    // What is stored now, to write only changes and to raise change events.
    public string Tier { get; init; } = "";
    public bool KeyAccount { get; init; }
    public string Credit { get; init; } = "";
    public string Lifecycle { get; init; } = "";
    public int? PreviousChurnRisk { get; set; }
}
