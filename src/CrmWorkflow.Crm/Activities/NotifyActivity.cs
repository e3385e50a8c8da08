using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Notifications;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Crm.Activities;

/// <summary>Renders a template and queues the message for delivery.</summary>
[Activity("crm.notify", "CRM", "Renders a template from templates/ with the step's data and queues the message (email, SMS or in-app); it is delivered after the step commits, with retries.")]
[Output("messageId", "string", "The queued message's id.")]
[Output("subject", "string", "The rendered subject.")]
public sealed class NotifyActivity : Activity
{
    /// <summary>Template.</summary>
    [Input("Template name in templates/, e.g. lead-assigned.", Required = true)]
    public Input<string> Template { get; } = new();

    /// <summary>Channel.</summary>
    [Input("How to send it.", UiHint = UiHint.Select, Options = ["email", "sms", "inApp"], DefaultJson = "\"email\"")]
    public Input<string> Channel { get; } = new();

    /// <summary>Recipient.</summary>
    [Input("Email address, phone number or user id, e.g. outputs.route.manager.email.", Required = true, UiHint = UiHint.Expression)]
    public Input<string> To { get; } = new();

    /// <summary>Recipient's name.</summary>
    [Input("The recipient's name for the greeting and the address line.", UiHint = UiHint.Expression)]
    public Input<string?> ToName { get; } = new();

    /// <summary>Model.</summary>
    [Input("The data the template sees, e.g. { lead: vars.lead, manager: outputs.route.manager }.", UiHint = UiHint.Json)]
    public Input<JsonObject?> Model { get; } = new();

    /// <summary>Related record type.</summary>
    [Input("The record the message is about (Lead, Complaint, Customer, RolloutProject), for its timeline.")]
    public Input<string?> RelatedType { get; } = new();

    /// <summary>Related record id.</summary>
    [Input("The id of that record.", UiHint = UiHint.Expression)]
    public Input<string?> RelatedId { get; } = new();

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var channel = context.Get(Channel, "email") switch
        {
            "sms" => MessageChannel.Sms,
            "inApp" => MessageChannel.InApp,
            _ => MessageChannel.Email,
        };
        var to = context.Get(To);
        if (string.IsNullOrWhiteSpace(to))
            throw new InvalidOperationException($"'{context.ActivityId}' has no recipient: 'to' evaluated to nothing.");
        var message = context.Notify(new MessageRequest(context.Get(Template), channel, to, context.Get(Model))
        {
            RecipientName = context.Get(ToName),
            RelatedType = context.Get(RelatedType),
            RelatedId = context.Get(RelatedId),
        });
        context.SetOutput("messageId", message.Id);
        context.SetOutput("subject", message.Subject);
        return ValueTask.FromResult(ActivityOutcome.Done);
    }
}
