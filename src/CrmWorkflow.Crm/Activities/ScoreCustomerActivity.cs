using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Features.Segmentation;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Crm.Activities;

/// <summary>Rescores one customer with the segmentation rules, inside the step.</summary>
[Activity("crm.scoreCustomer", "CRM", "Recomputes one customer's tier, key-account flag, RFM segment, value and churn risk with the same rules as the nightly segmentation, and saves the score with the step.")]
[Ports("done", "notFound")]
[Output("tier", "string", "Standard, Silver, Gold or Diamond.")]
[Output("previousTier", "string", "The tier before this rescore.")]
[Output("tierChanged", "boolean", "True when the tier moved.")]
[Output("isKeyAccount", "boolean", "Whether the customer is in the key-account share (top customers by margin).")]
[Output("segment", "string", "RFM segment, e.g. Champions, At risk.")]
[Output("churnRisk", "number", "0-100.")]
[Output("churnFactors", "array", "What adds to the churn risk: [{ factor, weight, detail }].")]
[Output("value", "object", "{ historical, current, potential } margin values.")]
[Output("credit", "string", "Credit rating A-D from the payment record.")]
[Output("lifecycle", "string", "Prospect, Active, AtRisk, Dormant or Lost.")]
[Output("reason", "string", "Why 'notFound' was followed.")]
public sealed class ScoreCustomerActivity : Activity
{
    /// <summary>Customer.</summary>
    [Input("The customer to score, e.g. input.customerId.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> CustomerId { get; } = new();

    /// <summary>Whether to raise the job's events.</summary>
    [Input("Raise customer.tierChanged and customer.churnRiskHigh like the nightly job does when the tier moves or the risk becomes high (not on a customer's first score).",
        UiHint = UiHint.Checkbox, DefaultJson = "true")]
    public Input<bool> RaiseEvents { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var id = context.Get(CustomerId);
        var options = context.Services.GetService<IOptions<SegmentationOptions>>()?.Value ?? new SegmentationOptions();
        var result = await CustomerRescore.ScoreAsync(context.Crm(), id, context.Now, options, context.CancellationToken);
        if (result is null)
        {
            context.SetOutput("reason", $"No customer {id}.");
            return ActivityOutcome.Port("notFound");
        }
        var score = result.Score;
        context.SetOutput("tier", result.Customer.Tier.ToString());
        context.SetOutput("previousTier", result.PreviousTier.ToString());
        context.SetOutput("tierChanged", result.PreviousTier != result.Customer.Tier);
        context.SetOutput("isKeyAccount", result.Customer.IsKeyAccount);
        context.SetOutput("segment", score.Segment);
        context.SetOutput("churnRisk", score.ChurnRisk);
        context.SetOutput("churnFactors", JsonSerializer.SerializeToNode(result.Factors, JsonSerializerOptions.Web));
        context.SetOutput("value", new JsonObject { ["historical"] = score.HistoricalValue, ["current"] = score.CurrentValue, ["potential"] = score.PotentialValue });
        context.SetOutput("credit", result.Customer.Credit.ToString());
        context.SetOutput("lifecycle", result.Customer.Lifecycle.ToString());
        if (context.Get(RaiseEvents, true))
            foreach (var (name, payload) in result.Events)
                context.RaiseEvent(name, id.ToString(CultureInfo.InvariantCulture), payload);
        return ActivityOutcome.Port("done");
    }
}
