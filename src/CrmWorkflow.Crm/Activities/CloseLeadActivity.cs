using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Activities;

/// <summary>Closes a lead as converted or disqualified and frees its manager's capacity.</summary>
[Activity("crm.closeLead", "CRM", "Closes a lead as converted (optionally to a customer) or disqualified; the manager's open-lead count drops, so routing sees the freed capacity.")]
[Output("lead", "object", "The closed lead.")]
public sealed class CloseLeadActivity : Activity
{
    /// <summary>Lead.</summary>
    [Input("The lead's id, e.g. input.leadId.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> Lead { get; } = new();

    /// <summary>Outcome.</summary>
    [Input("How the lead ends.", Required = true, UiHint = UiHint.Select, Options = ["Converted", "Disqualified"])]
    public Input<string> Outcome { get; } = new();

    /// <summary>Customer.</summary>
    [Input("On conversion, the customer the lead became.", UiHint = UiHint.Expression)]
    public Input<long?> Customer { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Crm();
        var ct = context.CancellationToken;
        var leadId = context.Get(Lead);
        var lead = await context.LeadAsync(leadId);
        var outcome = context.Get(Outcome) switch
        {
            "Converted" => LeadStatus.Converted,
            "Disqualified" => LeadStatus.Disqualified,
            var other => throw new InvalidOperationException($"'{other}' is not a way to close a lead; use Converted or Disqualified."),
        };
        var wasOpen = lead.Status is not (LeadStatus.Converted or LeadStatus.Disqualified);
        lead.Status = outcome;
        if (outcome == LeadStatus.Converted && context.Get(Customer) is { } customerId) lead.ConvertedCustomerId = customerId;
        if (wasOpen && lead.AssignedManagerId is { } managerId
            && await db.ClientManagers.FirstOrDefaultAsync(m => m.Id == managerId, ct) is { OpenLeads: > 0 } manager)
            manager.OpenLeads--;
        context.SetOutput("lead", LeadExplanation.LeadJson(lead));
        return ActivityOutcome.Done;
    }
}
