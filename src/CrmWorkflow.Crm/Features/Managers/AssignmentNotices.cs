using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Notifications;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>What telling customers and managers about new pairings queued, and what it could not send.</summary>
public sealed record NoticeReport(int CustomerNotices, int ManagerNotices, IReadOnlyList<string> NotSent);

/// <summary>
/// Tells each customer who their new manager is (one notice per customer) and each manager
/// which accounts they received (one message per manager, listing them).
/// </summary>
public static class AssignmentNotices
{
    /// <param name="send">Queues a message in the caller's unit of work.</param>
    /// <param name="customerTemplate">Template for customers (e.g. manager-handover); empty: none.</param>
    /// <param name="managerTemplate">Template for managers (e.g. account-assigned); empty: none.</param>
    /// <param name="managerChannel">Email or InApp; falls back to the other when the manager has no address for it.</param>
    public static async Task<NoticeReport> SendAsync(CrmDbContext db, Func<MessageRequest, OutboundMessage> send, IReadOnlyList<AccountChange> changes,
        string? customerTemplate, string? managerTemplate, MessageChannel managerChannel, string? reason, CancellationToken ct)
    {
        if (changes.Count == 0) return new NoticeReport(0, 0, []);
        var ids = changes.Select(c => c.CustomerId).Distinct().ToList();
        var customers = await db.Customers.AsNoTracking().Where(c => ids.Contains(c.Id))
            .Select(c => new { c.Id, c.Name, c.Email, c.Region, c.Industry }).ToDictionaryAsync(c => c.Id, ct);
        var contacts = (await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.CustomerId)).OrderBy(c => c.Id)
            .Select(c => new { c.CustomerId, c.Name, c.Email }).ToListAsync(ct)).ToLookup(c => c.CustomerId);
        var managerIds = changes.Select(c => c.ToManagerId).Distinct().ToList();
        var managers = await db.ClientManagers.AsNoTracking().Where(m => managerIds.Contains(m.Id)).ToDictionaryAsync(m => m.Id, ct);
        var notSent = new List<string>();
        var customerNotices = 0;
        if (!string.IsNullOrWhiteSpace(customerTemplate))
        {
            foreach (var change in changes)
            {
                var customer = customers[change.CustomerId];
                var withEmail = contacts[change.CustomerId].FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Email));
                var to = !string.IsNullOrWhiteSpace(customer.Email) ? customer.Email : withEmail?.Email;
                if (to is null)
                {
                    notSent.Add($"{customer.Name} (customer {customer.Id}) has no email address; tell them another way.");
                    continue;
                }
                var contactName = (to == withEmail?.Email ? withEmail.Name : contacts[change.CustomerId].FirstOrDefault()?.Name) ?? customer.Name;
                var manager = managers[change.ToManagerId];
                send(new MessageRequest(customerTemplate, MessageChannel.Email, to, new
                {
                    contact = new { name = contactName },
                    customer = new { name = customer.Name },
                    previousManager = change.FromManagerName is null ? null : new { name = change.FromManagerName },
                    newManager = new { name = manager.Name, email = manager.Email, phone = (string?)null },
                })
                { RecipientName = contactName, RelatedType = "Customer", RelatedId = customer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) });
                customerNotices++;
            }
        }
        var managerNotices = 0;
        if (!string.IsNullOrWhiteSpace(managerTemplate))
        {
            foreach (var group in changes.GroupBy(c => c.ToManagerId))
            {
                var manager = managers[group.Key];
                var (channel, to) = Address(manager, managerChannel);
                if (to is null)
                {
                    notSent.Add($"{manager.Name} ({manager.Id}) has neither an email address nor a sign-in user; tell them another way.");
                    continue;
                }
                var accounts = group.Select(c => new
                {
                    id = c.CustomerId, name = c.CustomerName, tier = c.Tier, region = customers[c.CustomerId].Region,
                    industry = customers[c.CustomerId].Industry, previousManager = c.FromManagerName, how = c.How,
                }).ToList();
                send(new MessageRequest(managerTemplate, channel, to, new { manager = new { name = manager.Name }, accounts, reason })
                {
                    RecipientName = manager.Name, RelatedType = "ClientManager", RelatedId = manager.Id,
                });
                managerNotices++;
            }
        }
        return new NoticeReport(customerNotices, managerNotices, notSent);
    }

    private static (MessageChannel Channel, string? To) Address(ClientManager m, MessageChannel preferred)
    {
        var email = string.IsNullOrWhiteSpace(m.Email) ? null : m.Email;
        var user = string.IsNullOrWhiteSpace(m.UserId) ? null : m.UserId;
        return preferred == MessageChannel.InApp
            ? user is not null ? (MessageChannel.InApp, user) : (MessageChannel.Email, email)
            : email is not null ? (MessageChannel.Email, email) : (MessageChannel.InApp, user);
    }
}
