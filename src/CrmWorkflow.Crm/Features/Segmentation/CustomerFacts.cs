namespace CrmWorkflow.Crm.Features.Segmentation;

/// <summary>What the job knows about one customer after reading orders, payments and complaints.</summary>
internal sealed class CustomerFacts
{
    public long Id;
    public DateTimeOffset CreatedAt;
    public int Orders;
    public DateTimeOffset? LastOrder;
    public DateTimeOffset? FirstOrder;
    public decimal Amount;
    public decimal Margin;
    public decimal AmountLast12Months;
    public decimal MarginLast12Months;
    public int OrdersLast6Months;
    public int OrdersPrevious6Months;
    public int Payments;
    public int LatePayments;
    public int OverdueUnpaid;
    public int OpenComplaints;
    public double? AverageSatisfaction;

    // Current values, to detect changes.
    public string Tier = "";
    public bool KeyAccount;
    public string Credit = "";
    public string Lifecycle = "";
    public int? PreviousChurnRisk;
}
