using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Activities;

/// <summary>Logs a contact with the customer on their timeline.</summary>
[Activity("crm.createInteraction", "CRM", "Logs a contact with the customer (call, email, visit, ...) on the customer timeline, saved with the step.")]
[Output("at", "datetime", "When the interaction was logged.")]
[Output("customerId", "number", "The customer whose timeline got the entry.")]
public sealed class CreateInteractionActivity : Activity
{
    private const int SummaryLength = 2000;

    /// <summary>Customer.</summary>
    [Input("The customer the contact was with, e.g. input.customerId.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> CustomerId { get; } = new();

    /// <summary>Contact person.</summary>
    [Input("The person at the customer, if known (a contact id of that customer).", UiHint = UiHint.Expression)]
    public Input<long?> ContactId { get; } = new();

    /// <summary>Channel.</summary>
    [Input("How the contact happened.", UiHint = UiHint.Select, Options = ["phone", "sms", "email", "web", "visit", "fax", "mail", "chat"], DefaultJson = "\"phone\"")]
    public Input<string> Channel { get; } = new();

    /// <summary>Direction.</summary>
    [Input("Inbound: the customer reached us; outbound: we reached the customer.", UiHint = UiHint.Select, Options = ["inbound", "outbound"], DefaultJson = "\"outbound\"")]
    public Input<string> Direction { get; } = new();

    /// <summary>Summary.</summary>
    [Input("What was said or done, as it should read on the timeline (a template, e.g. 'Welcome call by {{ outputs.assign.manager.name }}'). Longer than 2,000 characters is cut.",
        Required = true, UiHint = UiHint.Template)]
    public Input<string> Summary { get; } = new();

    /// <summary>Manager.</summary>
    [Input("The client manager who handled it (manager id, e.g. cm-0012), if any.", UiHint = UiHint.Expression)]
    public Input<string?> ManagerId { get; } = new();

    /// <summary>Responded.</summary>
    [Input("The customer answered (outbound) or was answered (inbound).", UiHint = UiHint.Checkbox, DefaultJson = "false")]
    public Input<bool> Responded { get; } = new();

    /// <summary>Cost.</summary>
    [Input("What handling it cost, for cost to serve per channel.", UiHint = UiHint.Number, DefaultJson = "0")]
    public Input<decimal> Cost { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Crm();
        var ct = context.CancellationToken;
        var customerId = context.Get(CustomerId);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct))
            throw new InvalidOperationException($"'{context.ActivityId}': there is no customer {customerId} to log the interaction for.");
        var contactId = context.Get(ContactId);
        if (contactId is { } contact && !await db.Contacts.AnyAsync(c => c.Id == contact && c.CustomerId == customerId, ct))
            throw new InvalidOperationException($"'{context.ActivityId}': contact {contact} is not a contact of customer {customerId}.");
        var managerId = context.Get(ManagerId);
        if (string.IsNullOrWhiteSpace(managerId)) managerId = null;
        else if (!await db.ClientManagers.AnyAsync(m => m.Id == managerId, ct))
            throw new InvalidOperationException($"'{context.ActivityId}': there is no client manager '{managerId}'.");
        var summary = context.Get(Summary)?.Trim() ?? "";
        if (summary.Length == 0)
            throw new InvalidOperationException($"'{context.ActivityId}': the summary is empty; say what happened.");
        var cost = context.Get(Cost, 0m);
        if (cost < 0) throw new InvalidOperationException($"'{context.ActivityId}': the cost cannot be negative ({cost}).");

        db.Interactions.Add(new Interaction
        {
            CustomerId = customerId, ContactId = contactId, ManagerId = managerId,
            Channel = Parse<Channel>(context, context.Get(Channel, "phone"), "channel"),
            Direction = Parse<Direction>(context, context.Get(Direction, "outbound"), "direction"),
            At = context.Now,
            Summary = summary.Length <= SummaryLength ? summary : summary[..(SummaryLength - 1)] + "…",
            Responded = context.Get(Responded, false),
            Cost = cost,
        });
        context.SetOutput("at", context.Now.ToString("O", System.Globalization.CultureInfo.InvariantCulture));
        context.SetOutput("customerId", customerId);
        return ActivityOutcome.Done;
    }

    private static T Parse<T>(ActivityContext context, string text, string input) where T : struct, Enum =>
        Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidOperationException($"'{context.ActivityId}': '{text}' is not a valid {input}; use one of {string.Join(", ", Enum.GetNames<T>().Select(n => n.ToLowerInvariant()))}.");
}
