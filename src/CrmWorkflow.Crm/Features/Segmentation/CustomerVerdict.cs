using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Segmentation;

/// <summary>
/// The segmentation rules applied to one customer: their score row and the tier, key-account
/// flag, credit rating and lifecycle stored on the customer. The job and a single rescore both
/// come here, so a customer scored alone gets what the nightly run would give them.
/// </summary>
internal sealed record CustomerVerdict(CustomerScore Score, CustomerTier Tier, bool KeyAccount, CreditRating Credit,
    LifecycleStatus Lifecycle, List<ChurnFactor> Factors)
{
    /// <param name="rfm">The customer's recency, frequency and monetary quintiles among buyers ((1, 1, 1) for non-buyers).</param>
    /// <param name="keyAccount">Whether the customer's margin is in the key-account share.</param>
    public static CustomerVerdict For(CustomerFacts f, (int R, int F, int M) rfm, bool keyAccount, DateTimeOffset now, SegmentationOptions o)
    {
        var (risk, factors) = Scoring.Churn(f, now);
        var segment = Scoring.Segment(rfm.R, rfm.F, rfm.M, (now - f.CreatedAt).TotalDays < 90, f.Orders);
        var current = decimal.Round(f.MarginLast12Months * (100 - risk) / 100m, 2);
        var score = new CustomerScore
        {
            CustomerId = f.Id, Recency = rfm.R, Frequency = rfm.F, Monetary = rfm.M, Segment = segment,
            HistoricalValue = f.Margin, CurrentValue = current, ChurnRisk = risk, ChurnFactorsJson = Scoring.FactorsJson(factors), ComputedAt = now,
        };
        var lifecycle = f.Orders == 0 ? LifecycleStatus.Prospect
            : (now - f.LastOrder!.Value).TotalDays > o.DormantAfterDays ? LifecycleStatus.Dormant
            : risk >= o.HighChurnRisk ? LifecycleStatus.AtRisk : LifecycleStatus.Active;
        return new CustomerVerdict(score, Scoring.Tier(f.AmountLast12Months, o), keyAccount, Scoring.Credit(f), lifecycle, factors);
    }

    /// <summary>True when what is stored on the customer differs from the verdict.</summary>
    public bool Differs(CustomerFacts f) =>
        Tier.ToString() != f.Tier || KeyAccount != f.KeyAccount || Credit.ToString() != f.Credit || Lifecycle.ToString() != f.Lifecycle;

    /// <summary>
    /// The events the job raises for this verdict: none on a customer's first score (it only sets
    /// the baseline), a tier change, a key-account flag change, and churn risk crossing the high mark.
    /// </summary>
    public IEnumerable<(string Name, System.Text.Json.Nodes.JsonObject Payload)> Events(CustomerFacts f, SegmentationOptions o)
    {
        if (f.PreviousChurnRisk is not { } previous) yield break;
        if (Tier.ToString() != f.Tier)
            yield return ("customer.tierChanged", new() { ["customerId"] = f.Id, ["from"] = f.Tier, ["to"] = Tier.ToString(), ["isKeyAccount"] = KeyAccount });
        if (KeyAccount != f.KeyAccount)
            yield return ("customer.keyAccountChanged", new() { ["customerId"] = f.Id, ["isKeyAccount"] = KeyAccount, ["tier"] = Tier.ToString() });
        if (Score.ChurnRisk >= o.HighChurnRisk && previous < o.HighChurnRisk)
            yield return ("customer.churnRiskHigh", new() { ["customerId"] = f.Id, ["churnRisk"] = Score.ChurnRisk, ["segment"] = Score.Segment });
    }
}
