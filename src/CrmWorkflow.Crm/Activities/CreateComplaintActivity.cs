using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Complaints;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Activities;

/// <summary>
/// Registers a complaint that reached a workflow by some channel other than the API (a mail
/// gateway, the call-centre system). The row is written in the step's transaction; because
/// its id is only known once that transaction commits, the activity waits for its own
/// "committed" event (dispatched right after the commit) and then outputs the complaint.
/// </summary>
[Activity("crm.createComplaint", "Complaints",
    "Registers a complaint (customer, contact, channel, category, severity, description) and outputs it with its new id; optionally announces it as complaint.received.")]
[Output("complaintId", "number", "The new complaint's id.")]
[Output("complaint", "object", "The complaint with its customer's name.")]
public sealed class CreateComplaintActivity : Activity, IBlockingActivity
{
    private const string Committed = "crm.createComplaint.committed";

    /// <summary>Customer.</summary>
    [Input("The customer who complains (customer id), e.g. input.customerId.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> CustomerId { get; } = new();

    /// <summary>Contact.</summary>
    [Input("The person at the customer who complains (contact id); empty when unknown.", UiHint = UiHint.Expression)]
    public Input<long?> ContactId { get; } = new();

    /// <summary>Channel.</summary>
    [Input("Where the complaint came in.", UiHint = UiHint.Select, Options = ["phone", "sms", "email", "web", "visit", "fax", "mail", "chat"], DefaultJson = "\"email\"")]
    public Input<string> Channel { get; } = new();

    /// <summary>Category.</summary>
    [Input("What the complaint is about, e.g. Billing, Delivery, Product quality.", Required = true)]
    public Input<string> Category { get; } = new();

    /// <summary>Severity.</summary>
    [Input("How bad it is; with the customer's tier it chooses the SLA.", UiHint = UiHint.Select, Options = ["low", "medium", "high", "critical"], DefaultJson = "\"medium\"")]
    public Input<string> Severity { get; } = new();

    /// <summary>Description.</summary>
    [Input("The customer's words.", Required = true, UiHint = UiHint.Multiline)]
    public Input<string> Description { get; } = new();

    /// <summary>Announce.</summary>
    [Input("Also raise complaint.received, which starts the complaint-handling workflow. Leave off when this workflow handles the complaint itself.",
        UiHint = UiHint.Checkbox, DefaultJson = "false")]
    public Input<bool> Announce { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Crm();
        var ct = context.CancellationToken;
        var customerId = context.Get(CustomerId);
        if (!await db.Customers.AnyAsync(c => c.Id == customerId, ct)) throw new ArgumentException($"There is no customer {customerId}.");
        var contactId = context.Get(ContactId);
        if (contactId is { } k && !await db.Contacts.AnyAsync(c => c.Id == k && c.CustomerId == customerId, ct))
            throw new ArgumentException($"Customer {customerId} has no contact {k}.");
        var complaint = new Complaint
        {
            CustomerId = customerId,
            ContactId = contactId,
            Channel = Parse<Channel>(context.Get(Channel, "email"), "channel"),
            Category = Text(context.Get(Category), "category", 60),
            Severity = Parse<Severity>(context.Get(Severity, "medium"), "severity"),
            Description = Text(context.Get(Description), "description", 4000),
            OpenedAt = context.Now,
        };
        db.Complaints.Add(complaint);
        var token = context.NewId();
        context.CreateBookmark(BookmarkKind.Event, eventName: Committed, correlationKey: token,
            data: new JsonObject { ["customerId"] = customerId, ["openedAt"] = complaint.OpenedAt, ["category"] = complaint.Category });
        context.RaiseEvent(Committed, token, null);
        return ActivityOutcome.Wait;
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ResumeAsync(ActivityContext context)
    {
        var data = context.Bookmark!.Data!;
        var customerId = data["customerId"]!.GetValue<long>();
        var openedAt = DateTimeOffset.Parse(ValueConverter.AsString(data["openedAt"]), System.Globalization.CultureInfo.InvariantCulture);
        var category = data["category"]!.GetValue<string>();
        var db = context.Crm();
        // The row committed with the step that created it; customer, moment and category identify it.
        var id = await db.Complaints.Where(c => c.CustomerId == customerId && c.OpenedAt == openedAt && c.Category == category)
                     .OrderByDescending(c => c.Id).Select(c => (long?)c.Id).FirstOrDefaultAsync(context.CancellationToken)
                 ?? throw new InvalidOperationException($"The complaint registered for customer {customerId} at {openedAt:O} was not found.");
        var facts = await ComplaintFacts.LoadAsync(db, id, context.CancellationToken);
        context.SetOutput("complaintId", id);
        context.SetOutput("complaint", facts.ToJson());
        if (context.Get(Announce))
            context.RaiseEvent(ComplaintEvents.Received, ComplaintEvents.Correlation(id), ComplaintEvents.ReceivedPayload(facts.Complaint));
        return ActivityOutcome.Done;
    }

    private static T Parse<T>(string? text, string name) where T : struct, Enum =>
        Enum.TryParse<T>(text, true, out var value) && !int.TryParse(text, out _)
            ? value
            : throw new ArgumentException($"'{text}' is not a {name}; use one of {string.Join(", ", Enum.GetNames<T>().Select(ComplaintEvents.Camel))}.");

    private static string Text(string? text, string name, int max)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new ArgumentException($"The complaint's {name} is required.");
        text = text.Trim();
        return text.Length <= max ? text : throw new ArgumentException($"The complaint's {name} is at most {max} characters.");
    }
}
