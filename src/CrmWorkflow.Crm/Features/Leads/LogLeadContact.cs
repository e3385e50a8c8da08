using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Crm.Features.Tasks;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>
/// Logs a contact with a lead. Interactions belong to a customer, so the contact goes on the
/// timeline of the customer the lead already is (found when it was enriched) or, for a new
/// prospect, of a prospect customer created from the lead at its first logged contact. The first
/// contact that reached the person sets <see cref="Lead.ContactedAt"/> and completes the
/// lead-routing workflow's open first-contact task with "contacted", so the reroute timer stops:
/// the manager already did what the task asks.
/// </summary>
public sealed class LogLeadContactHandler(IDbContextFactory<CrmDbContext> dbFactory, CompleteTaskHandler tasks, TimeProvider clock)
{
    /// <summary>The first-contact task's outcome this completes.</summary>
    public const string ContactedOutcome = "contacted";

    public async Task<LogContactResult> HandleAsync(long leadId, LeadAccess access, LogContactCommand command, ContactAuthor by,
        CancellationToken ct = default)
    {
        if (command.Validate() is { Count: > 0 } problems) return LogContactResult.Invalid(problems);
        var now = clock.GetUtcNow();
        long interactionId, customerId;
        bool first;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            var lead = await access.Filter(db.Leads).FirstOrDefaultAsync(l => l.Id == leadId, ct);
            if (lead is null) return LogContactResult.NotFound;
            var (customer, contactId) = await CustomerOfAsync(db, lead, now, ct);
            var interaction = command.ToInteraction(customer, contactId, by.ManagerId ?? lead.AssignedManagerId, now);
            db.Interactions.Add(interaction);
            await db.SaveChangesAsync(ct);
            // Conditional update: of two contacts logged at once, one is the first.
            first = command.Reached && await db.Leads.Where(l => l.Id == leadId && l.ContactedAt == null).ExecuteUpdateAsync(s => s
                .SetProperty(l => l.ContactedAt, now)
                .SetProperty(l => l.Status, l => l.Status == LeadStatus.New || l.Status == LeadStatus.Assigned ? LeadStatus.Contacted : l.Status), ct) == 1;
            await tx.CommitAsync(ct);
            (interactionId, customerId) = (interaction.Id, customer);
        }
        var note = first ? await CompleteFirstContactTaskAsync(leadId, command, by, ct) : null;
        return new(LogContactStatus.Logged, [], interactionId, customerId, first, note);
    }

    // The lead's customer, or a new prospect made from the lead; with the contact person if known.
    private static async Task<(long CustomerId, long? ContactId)> CustomerOfAsync(CrmDbContext db, Lead lead, DateTimeOffset now, CancellationToken ct)
    {
        if (lead.ConvertedCustomerId is { } known && await db.Customers.AnyAsync(c => c.Id == known, ct))
        {
            var contact = await db.Contacts.Where(c => c.CustomerId == known && ((lead.Email != null && c.Email == lead.Email) || c.Name == lead.PersonName))
                .Select(c => (long?)c.Id).FirstOrDefaultAsync(ct);
            return (known, contact);
        }
        var person = new Contact { Name = lead.PersonName, Email = lead.Email, Phone = lead.Phone, PreferredChannel = lead.SourceChannel };
        var prospect = new Customer
        {
            Kind = lead.CompanyName is null ? CustomerKind.Individual : CustomerKind.Corporate, Name = lead.CompanyName ?? lead.PersonName,
            Industry = lead.Industry, Region = lead.Region, Size = lead.Size, Tier = CustomerTier.Standard, Lifecycle = LifecycleStatus.Prospect,
            Email = lead.Email, Phone = lead.Phone, CreatedAt = now, ManagerId = lead.AssignedManagerId, Contacts = [person],
        };
        db.Customers.Add(prospect);
        await db.SaveChangesAsync(ct);
        if (lead.AssignedManagerId is { } manager)
            db.AccountAssignments.Add(new AccountAssignment
            {
                CustomerId = prospect.Id, ManagerId = manager, Role = AssignmentRole.Primary, From = now, Reason = $"Prospect from lead {lead.Id}",
            });
        lead.ConvertedCustomerId = prospect.Id;
        return (prospect.Id, person.Id);
    }

    private async Task<string?> CompleteFirstContactTaskAsync(long leadId, LogContactCommand command, ContactAuthor by, CancellationToken ct)
    {
        List<HumanTaskRecord> open;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var correlation = leadId.ToString(System.Globalization.CultureInfo.InvariantCulture);
            // Tasks of the workflows that lead.created starts, for this lead, that offer "contacted".
            var leadFlows = db.Set<WorkflowTriggerRecord>().Where(t => t.EventName == CreateLeadHandler.CreatedEvent).Select(t => t.DefinitionId);
            open = await db.Set<HumanTaskRecord>().AsNoTracking()
                .Where(t => t.CorrelationId == correlation && t.Status == HumanTaskStatus.Open && leadFlows.Contains(t.DefinitionId))
                .ToListAsync(ct);
        }
        // Lead access was checked; the task may sit with the manager while an admin logs the contact.
        var viewer = new TaskViewer(by.UserName, [], [], [], SeesAll: true);
        foreach (var task in open.Where(t => Outcomes(t).Contains(ContactedOutcome)))
        {
            var result = await tasks.HandleAsync(task.Id, viewer, ContactedOutcome, FormData(task, command), by.UserName, ct);
            if (result.Status == CompleteTaskStatus.Rejected)
                return $"The task '{task.Title}' is still open ({result.Message}); complete it in the inbox.";
        }
        return null;
    }

    private static List<string> Outcomes(HumanTaskRecord task) => JsonSerializer.Deserialize<List<string>>(task.OutcomesJson) ?? [];

    // Fills the task's form from the contact: the channel into a field named channel (matching a
    // select's option), the summary into notes or summary; fields the form lacks are left out.
    private static JsonObject FormData(HumanTaskRecord task, LogContactCommand command)
    {
        var form = JsonSerializer.Deserialize<List<FormField>>(task.FormJson, DefinitionJson.Options) ?? [];
        var data = new JsonObject();
        foreach (var field in form)
        {
            if (field.Name.Equals("channel", StringComparison.OrdinalIgnoreCase))
            {
                var channel = command.ChannelValue.ToString();
                data[field.Name] = field.Options?.FirstOrDefault(o => o.Equals(channel, StringComparison.OrdinalIgnoreCase)) ?? channel;
            }
            else if (field.Name is "notes" or "summary") data[field.Name] = command.Summary!.Trim();
        }
        return data;
    }
}
