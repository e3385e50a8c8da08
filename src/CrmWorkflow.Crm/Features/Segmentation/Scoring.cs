using System.Text.Json;
using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Segmentation;

/// <summary>One churn-risk factor and how much it adds.</summary>
public sealed record ChurnFactor(string Factor, int Weight, string Detail);

/// <summary>The pure rules of the segmentation job: quintiles, tiers, segments, churn and credit.</summary>
public static class Scoring
{
    /// <summary>Quintile (1-5) of each value among all values; higher value, higher quintile.</summary>
    public static int[] Quintiles(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var result = new int[values.Count];
        var groupStart = 0;
        for (var rank = 0; rank < order.Length; rank++)
        {
            // Equal values share the quintile of the first of them (one pass: ties can be long).
            if (rank > 0 && values[order[rank]] != values[order[rank - 1]]) groupStart = rank;
            result[order[rank]] = (int)(1 + (long)groupStart * 5 / order.Length);
        }
        return result;
    }

    /// <summary>
    /// The quintile <see cref="Quintiles"/> gives one value among all values (which include it):
    /// so one customer can be placed among the others without ranking everyone.
    /// </summary>
    public static int QuintileOf(double value, IReadOnlyList<double> values) =>
        values.Count == 0 ? 1 : (int)(1 + (long)values.Count(v => v < value) * 5 / values.Count);

    /// <summary>The upper-quartile value peers are measured against (potential value).</summary>
    public static decimal UpperQuartile(IReadOnlyList<decimal> values)
    {
        var sorted = values.Order().ToList();
        var index = (int)(sorted.Count * 0.75);
        return sorted[index < sorted.Count ? index : sorted.Count - 1];
    }

    /// <summary>
    /// Whether a margin is in the key-account share: at or above the margin of the
    /// ceil(share x customers)-th best customer, which is the same as fewer than that many
    /// customers earning strictly more.
    /// </summary>
    public static bool IsKeyAccount(decimal margin, int customersWithMoreMargin, int customers, double share) =>
        margin > 0 && customersWithMoreMargin < Math.Max(1, (int)Math.Ceiling(customers * share));

    /// <summary>Tier from spend over the last 12 months.</summary>
    public static CustomerTier Tier(decimal annualSpend, SegmentationOptions o) =>
        annualSpend >= o.DiamondFrom ? CustomerTier.Diamond
        : annualSpend >= o.GoldFrom ? CustomerTier.Gold
        : annualSpend >= o.SilverFrom ? CustomerTier.Silver
        : CustomerTier.Standard;

    /// <summary>A segment label a marketer would use, from RFM quintiles.</summary>
    public static string Segment(int r, int f, int m, bool isNew, int orders) => orders == 0 ? "Prospect"
        : isNew && f <= 2 ? "New"
        : r >= 4 && f >= 4 && m >= 4 ? "Champions"
        : r >= 3 && f >= 4 ? "Loyal"
        : m == 5 ? "Big spenders"
        : r <= 2 && f >= 3 ? "At risk"
        : r <= 2 && f <= 2 ? "Hibernating"
        : r >= 4 ? "Promising"
        : "Needs attention";

    /// <summary>Churn risk 0-100 with the factors behind it.</summary>
    internal static (int Risk, List<ChurnFactor> Factors) Churn(CustomerFacts c, DateTimeOffset now)
    {
        var factors = new List<ChurnFactor>();
        if (c.Orders > 0 && c.OrdersPrevious6Months > 0 && c.OrdersLast6Months < c.OrdersPrevious6Months)
        {
            var drop = 1.0 - (double)c.OrdersLast6Months / c.OrdersPrevious6Months;
            factors.Add(new("falling frequency", (int)Math.Round(35 * drop),
                $"{c.OrdersLast6Months} orders in the last 6 months against {c.OrdersPrevious6Months} in the 6 before"));
        }
        if (c.LastOrder is { } last && c.Orders >= 2)
        {
            var days = (now - last).TotalDays;
            var span = Math.Max(1, (last - (c.CreatedAt < last ? c.CreatedAt : last)).TotalDays);
            var usualGap = Math.Max(14, span / c.Orders);
            if (days > 2 * usualGap)
                factors.Add(new("lengthening recency", (int)Math.Min(30, 10 * (days / usualGap - 1)),
                    $"{days:0} days since the last order; usually every {usualGap:0} days"));
        }
        if (c.OpenComplaints > 0)
            factors.Add(new("open complaints", Math.Min(20, 10 * c.OpenComplaints), $"{c.OpenComplaints} complaint(s) open"));
        if (c.AverageSatisfaction is { } satisfaction && satisfaction <= 2.5)
            factors.Add(new("low satisfaction", 15, $"average satisfaction {satisfaction:0.0} of 5"));
        return (Math.Min(100, factors.Sum(f => f.Weight)), factors);
    }

    /// <summary>Credit rating from the payment record.</summary>
    internal static CreditRating Credit(CustomerFacts c)
    {
        if (c.OverdueUnpaid > 0) return CreditRating.D;
        if (c.Payments == 0) return CreditRating.B;
        var late = (double)c.LatePayments / c.Payments;
        return late < 0.05 ? CreditRating.A : late < 0.15 ? CreditRating.B : late < 0.30 ? CreditRating.C : CreditRating.D;
    }

    internal static string FactorsJson(List<ChurnFactor> factors) =>
        JsonSerializer.Serialize(factors, new JsonSerializerOptions(JsonSerializerDefaults.Web));
}
