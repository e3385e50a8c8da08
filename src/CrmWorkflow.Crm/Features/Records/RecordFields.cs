using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;
using static CrmWorkflow.Crm.Features.Records.FieldParsers;

namespace CrmWorkflow.Crm.Features.Records;

/// <summary>A field a workflow may set on a CRM record: how to read a value for it and how to apply it.</summary>
public sealed record RecordField(string Name, Func<JsonNode?, Parsed> Parse, Func<object, object?> Get, Action<object, object?, DateTimeOffset> Set);

/// <summary>A record type workflows may update: its settable fields and the ones kept for dedicated activities.</summary>
public sealed record RecordEntity(string Name, IReadOnlyList<RecordField> Fields, IReadOnlyDictionary<string, string> Reserved,
    Func<CrmDbContext, long, CancellationToken, Task<object?>> FindAsync)
{
    /// <summary>The field with this name (as written in JSON, camelCase; case is ignored).</summary>
    public RecordField? Field(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Why the field cannot be set, or null when it can.</summary>
    public string? Problem(string name) => Field(name) is not null ? null
        : Reserved.FirstOrDefault(r => string.Equals(r.Key, name, StringComparison.OrdinalIgnoreCase)).Value is { } why
            ? $"{Name}.{name} cannot be set here: {why}"
            : $"{Name} has no settable field '{name}'; the fields are {string.Join(", ", Fields.Select(f => f.Name))}.";
}

/// <summary>
/// The explicit list of what <c>crm.updateRecord</c> may change. Nothing is reached by name at
/// run time: a field that is not listed here cannot be set, whatever a definition says.
/// Fields with their own bookkeeping (manager counters, assignment history, SLA clocks) are
/// reserved for the activities that keep that bookkeeping right.
/// </summary>
public static class RecordFields
{
    private static readonly Dictionary<string, string> Common = new(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = "the id identifies the record and never changes.",
        ["customerId"] = "a record does not move to another customer.",
    };

    /// <summary>Record types by name (Customer, Lead, Complaint, Opportunity, Contact).</summary>
    public static IReadOnlyDictionary<string, RecordEntity> Entities { get; } = new[]
    {
        Entity<Customer>("Customer", (db, id, ct) => db.Customers.FirstOrDefaultAsync(x => x.Id == id, ct),
            new() { ["managerId"] = "use crm.assignClientManager, which keeps the assignment history and the managers' key-account counts." },
            F<Customer, string?>("name", Text(200, nullable: false), x => x.Name, (x, v, _) => x.Name = v!),
            F<Customer, string?>("industry", Text(60, nullable: false), x => x.Industry, (x, v, _) => x.Industry = v!),
            F<Customer, string?>("region", Text(60, nullable: false), x => x.Region, (x, v, _) => x.Region = v!),
            F<Customer, int>("size", Whole(0, 10_000_000), x => x.Size, (x, v, _) => x.Size = v),
            F<Customer, CustomerTier>("tier", Choice<CustomerTier>(), x => x.Tier, (x, v, _) => x.Tier = v),
            F<Customer, bool>("isKeyAccount", YesNo(), x => x.IsKeyAccount, (x, v, _) => x.IsKeyAccount = v),
            F<Customer, CreditRating>("credit", Choice<CreditRating>(), x => x.Credit, (x, v, _) => x.Credit = v),
            F<Customer, LifecycleStatus>("lifecycle", Choice<LifecycleStatus>(), x => x.Lifecycle, (x, v, _) => x.Lifecycle = v),
            F<Customer, string?>("email", Text(200), x => x.Email, (x, v, _) => x.Email = v),
            F<Customer, string?>("phone", Text(40), x => x.Phone, (x, v, _) => x.Phone = v)),
        Entity<Lead>("Lead", (db, id, ct) => db.Leads.FirstOrDefaultAsync(x => x.Id == id, ct),
            new() { ["assignedManagerId"] = "use lead routing, which keeps the managers' open-lead counts right." },
            F<Lead, string?>("personName", Text(200, nullable: false), x => x.PersonName, (x, v, _) => x.PersonName = v!),
            F<Lead, string?>("companyName", Text(200), x => x.CompanyName, (x, v, _) => x.CompanyName = v),
            F<Lead, string?>("email", Text(200), x => x.Email, (x, v, _) => x.Email = v),
            F<Lead, string?>("phone", Text(40), x => x.Phone, (x, v, _) => x.Phone = v),
            F<Lead, string?>("region", Text(60, nullable: false), x => x.Region, (x, v, _) => x.Region = v!),
            F<Lead, string?>("industry", Text(60, nullable: false), x => x.Industry, (x, v, _) => x.Industry = v!),
            F<Lead, int>("size", Whole(0, 10_000_000), x => x.Size, (x, v, _) => x.Size = v),
            F<Lead, string?>("productInterest", Text(100), x => x.ProductInterest, (x, v, _) => x.ProductInterest = v),
            F<Lead, decimal>("estimatedValue", Money(), x => x.EstimatedValue, (x, v, _) => x.EstimatedValue = v),
            F<Lead, int>("score", Whole(0, 100), x => x.Score, (x, v, _) => x.Score = v),
            F<Lead, LeadStatus>("status", Choice<LeadStatus>(), x => x.Status, (x, v, now) =>
            {
                x.Status = v;
                if (v == LeadStatus.Contacted) x.ContactedAt ??= now;
            }),
            F<Lead, string?>("queue", Text(60), x => x.Queue, (x, v, _) => x.Queue = v)),
        Entity<Complaint>("Complaint", (db, id, ct) => db.Complaints.FirstOrDefaultAsync(x => x.Id == id, ct),
            new() { ["resolutionDueAt"] = "the SLA activities set due times.", ["responseDueAt"] = "the SLA activities set due times." },
            F<Complaint, string?>("category", Text(60, nullable: false), x => x.Category, (x, v, _) => x.Category = v!),
            F<Complaint, Severity>("severity", Choice<Severity>(), x => x.Severity, (x, v, _) => x.Severity = v),
            F<Complaint, string?>("priority", Choice("low", "normal", "high", "urgent"), x => x.Priority, (x, v, _) => x.Priority = v!),
            F<Complaint, ComplaintStatus>("status", Choice<ComplaintStatus>(), x => x.Status, (x, v, now) =>
            {
                x.Status = v;
                if (v == ComplaintStatus.Resolved) x.ResolvedAt ??= now;
                if (v == ComplaintStatus.Closed) x.ClosedAt ??= now;
            }),
            F<Complaint, string?>("assigneeId", Text(40), x => x.AssigneeId, (x, v, _) => x.AssigneeId = v),
            F<Complaint, string?>("resolution", Text(4000), x => x.Resolution, (x, v, _) => x.Resolution = v),
            F<Complaint, string?>("rootCause", Text(200), x => x.RootCause, (x, v, _) => x.RootCause = v),
            F<Complaint, int?>("satisfaction", Whole(1, 5, nullable: true), x => x.Satisfaction, (x, v, _) => x.Satisfaction = v),
            F<Complaint, string?>("satisfactionComment", Text(2000), x => x.SatisfactionComment, (x, v, _) => x.SatisfactionComment = v)),
        Entity<Opportunity>("Opportunity", (db, id, ct) => db.Opportunities.FirstOrDefaultAsync(x => x.Id == id, ct), [],
            F<Opportunity, string?>("name", Text(200, nullable: false), x => x.Name, (x, v, _) => x.Name = v!),
            F<Opportunity, OpportunityStage>("stage", Choice<OpportunityStage>(), x => x.Stage, (x, v, _) => x.Stage = v),
            F<Opportunity, decimal>("amount", Money(), x => x.Amount, (x, v, _) => x.Amount = v),
            F<Opportunity, int>("probability", Whole(0, 100), x => x.Probability, (x, v, _) => x.Probability = v),
            F<Opportunity, DateOnly>("expectedClose", Date(), x => x.ExpectedClose, (x, v, _) => x.ExpectedClose = v),
            F<Opportunity, string?>("managerId", Text(40), x => x.ManagerId, (x, v, _) => x.ManagerId = v)),
        Entity<Contact>("Contact", (db, id, ct) => db.Contacts.FirstOrDefaultAsync(x => x.Id == id, ct), [],
            F<Contact, string?>("name", Text(200, nullable: false), x => x.Name, (x, v, _) => x.Name = v!),
            F<Contact, string?>("title", Text(100), x => x.Title, (x, v, _) => x.Title = v),
            F<Contact, string?>("phone", Text(40), x => x.Phone, (x, v, _) => x.Phone = v),
            F<Contact, string?>("email", Text(200), x => x.Email, (x, v, _) => x.Email = v),
            F<Contact, Channel>("preferredChannel", Choice<Channel>(), x => x.PreferredChannel, (x, v, _) => x.PreferredChannel = v),
            F<Contact, bool>("consentToContact", YesNo(), x => x.ConsentToContact, (x, v, _) => x.ConsentToContact = v)),
    }.ToDictionary(e => e.Name, StringComparer.OrdinalIgnoreCase);

    /// <summary>The record type with this name, or null.</summary>
    public static RecordEntity? Find(string? name) => name is not null && Entities.TryGetValue(name, out var e) ? e : null;

    /// <summary>The message for an unknown record type.</summary>
    public static string UnknownEntity(string? name) =>
        $"'{name}' is not a record type workflows can update; use one of {string.Join(", ", Entities.Keys)}.";

    private static RecordEntity Entity<T>(string name, Func<CrmDbContext, long, CancellationToken, Task<T?>> find,
        Dictionary<string, string> reserved, params RecordField[] fields) where T : class
    {
        foreach (var (k, v) in Common) reserved.TryAdd(k, v);
        return new(name, fields, reserved, async (db, id, ct) => await find(db, id, ct));
    }

    private static RecordField F<T, TValue>(string name, Func<JsonNode?, Parsed> parse, Func<T, TValue> get, Action<T, TValue, DateTimeOffset> set) =>
        new(name, parse, x => get((T)x), (x, v, now) => set((T)x, (TValue)v!, now));
}
