using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;
using Scriban.Runtime;

namespace CrmWorkflow.Crm.Activities;

/// <summary>Completes a new lead: finds the customer it may already be, and scores it.</summary>
[Activity("crm.enrichLead", "CRM", "Looks the lead up among existing customers (by email, phone or company name) and scores it 0-100, with the built-in scoring or an expression; the score is stored on the lead.")]
[Output("lead", "object", "The lead with its score.")]
[Output("score", "number", "The score, 0-100.")]
[Output("existingCustomer", "object", "The customer the lead already is { id, name, tier, isKeyAccount, managerId }, or null.")]
public sealed class EnrichLeadActivity : Activity
{
    /// <summary>Lead.</summary>
    [Input("The lead's id, e.g. input.leadId.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> Lead { get; } = new();

    /// <summary>Score expression.</summary>
    [Input("Score 0-100 as an expression over lead and customer, e.g. lead.size / 10 + (customer ? 20 : 0). Empty uses the built-in scoring (size, value, source, product interest, existing customer).",
        UiHint = UiHint.Expression)]
    public Input<JsonNode?> Score { get; } = new();

    /// <summary>Keep a given score.</summary>
    [Input("Keep a score the lead already has (e.g. from a marketing tool) instead of scoring it again.", UiHint = UiHint.Checkbox, DefaultJson = "true")]
    public Input<bool> KeepGivenScore { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Crm();
        var ct = context.CancellationToken;
        var leadId = context.Get(Lead);
        var lead = await context.LeadAsync(leadId);
        var customer = await FindCustomerAsync(db, lead, ct);
        var customerJson = customer is null ? null : new JsonObject
        {
            ["id"] = customer.Id, ["name"] = customer.Name, ["tier"] = customer.Tier.ToString(),
            ["isKeyAccount"] = customer.IsKeyAccount, ["managerId"] = customer.ManagerId,
        };
        if (!(context.Get(KeepGivenScore, true) && lead.Score > 0))
        {
            var score = context.Node.Inputs.TryGetValue("score", out var given)
                ? (int)ValueConverter.Convert<decimal>(ScriptValues.ToJson(context.EvaluateScript(given.Script!, new ScriptObject
                {
                    ["lead"] = ScriptValues.FromJson(LeadExplanation.LeadJson(lead)), ["customer"] = ScriptValues.FromJson(customerJson),
                })), $"Input 'score' of '{context.ActivityId}'")
                : BuiltInScore(lead, customer);
            lead.Score = Math.Clamp(score, 0, 100);
        }
        if (customer is not null && lead.ConvertedCustomerId is null) lead.ConvertedCustomerId = customer.Id;
        context.SetOutput("lead", LeadExplanation.LeadJson(lead));
        context.SetOutput("score", lead.Score);
        context.SetOutput("existingCustomer", customerJson);
        return ActivityOutcome.Done;
    }

    /// <summary>Bigger, richer, warmer leads first: size, value, how they came, what they want, and whether we know them.</summary>
    public static int BuiltInScore(Lead lead, Customer? customer)
    {
        var size = lead.Size >= 1000 ? 25 : lead.Size >= 200 ? 18 : lead.Size >= 50 ? 10 : 5;
        var value = lead.EstimatedValue >= 100_000 ? 30 : lead.EstimatedValue >= 20_000 ? 20 : lead.EstimatedValue >= 5_000 ? 10 : 3;
        var source = lead.SourceChannel switch
        {
            Channel.Visit or Channel.Phone => 20,
            Channel.Web or Channel.Email or Channel.Chat => 12,
            _ => 6,
        };
        var interest = string.IsNullOrWhiteSpace(lead.ProductInterest) ? 0 : 10;
        var known = customer is null ? 0 : customer.Tier >= CustomerTier.Gold ? 15 : 8;
        return size + value + source + interest + known;
    }

    // Run for every new lead: compiled once rather than translated from LINQ each time.
    private static readonly Func<Data.CrmDbContext, string, CancellationToken, Task<Customer?>> CustomerByEmail = EF.CompileAsyncQuery(
        (Data.CrmDbContext db, string email, CancellationToken ct) => db.Customers.AsNoTracking().FirstOrDefault(c => c.Email == email));

    private static readonly Func<Data.CrmDbContext, string, CancellationToken, Task<Customer?>> CustomerByName = EF.CompileAsyncQuery(
        (Data.CrmDbContext db, string name, CancellationToken ct) => db.Customers.AsNoTracking().FirstOrDefault(c => c.Name == name));

    private static async Task<Customer?> FindCustomerAsync(Data.CrmDbContext db, Lead lead, CancellationToken ct)
    {
        if (!string.IsNullOrWhiteSpace(lead.Email) && await CustomerByEmail(db, lead.Email, ct) is { } byEmail)
            return byEmail;
        if (!string.IsNullOrWhiteSpace(lead.CompanyName) && await CustomerByName(db, lead.CompanyName, ct) is { } byName)
            return byName;
        return null;
    }
}
