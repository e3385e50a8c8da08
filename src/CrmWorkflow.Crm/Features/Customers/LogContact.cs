using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Customers;

/// <summary>Whether the person was reached: only a reached contact counts as a lead's first contact.</summary>
public enum ContactOutcome { Reached, NotReached }

/// <summary>
/// A contact someone made (or received) on a channel, to log on a timeline. Channel is one of
/// <see cref="Domain.Channel"/>; outcome reached (default) or notReached; direction outbound (default) or inbound.
/// </summary>
public sealed record LogContactCommand(string? Channel, string? Summary, string? Outcome = null, string? Direction = null)
{
    /// <summary>Longest summary the timeline keeps.</summary>
    public const int SummaryLength = 2000;

    /// <summary>Problems by JSON path, as the API reports them and the form shows them next to the field.</summary>
    public IReadOnlyList<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(Channel))
            problems.Add(new("$.channel", $"Say how the contact happened: {string.Join(", ", Enum.GetNames<Channel>())}."));
        else if (Parse<Channel>(Channel) is null)
            problems.Add(new("$.channel", $"'{Channel}' is not a channel; use one of {string.Join(", ", Enum.GetNames<Channel>())}."));
        if (string.IsNullOrWhiteSpace(Summary)) problems.Add(new("$.summary", "Say what was said or agreed."));
        else if (Summary.Trim().Length > SummaryLength) problems.Add(new("$.summary", $"At most {SummaryLength} characters."));
        if (Outcome is not null && Parse<ContactOutcome>(Outcome) is null)
            problems.Add(new("$.outcome", $"'{Outcome}' is not an outcome; use reached or notReached."));
        if (Direction is not null && Parse<Direction>(Direction) is null)
            problems.Add(new("$.direction", $"'{Direction}' is not a direction; use outbound or inbound."));
        return problems;
    }

    /// <summary>The person was reached (the default when no outcome is given).</summary>
    public bool Reached => (Outcome is null ? ContactOutcome.Reached : Parse<ContactOutcome>(Outcome)) == ContactOutcome.Reached;

    /// <summary>The parsed channel; call after <see cref="Validate"/> found nothing.</summary>
    public Channel ChannelValue => Parse<Channel>(Channel!) ?? Domain.Channel.Phone;

    internal Interaction ToInteraction(long customerId, long? contactId, string? managerId, DateTimeOffset at) => new()
    {
        CustomerId = customerId, ContactId = contactId, ManagerId = managerId, At = at, Channel = ChannelValue,
        Direction = Direction is null ? Domain.Direction.Outbound : Parse<Direction>(Direction)!.Value,
        Summary = Summary!.Trim(), Responded = Reached,
    };

    // Names only: "1" or "99" would parse as enum values and land as nonsense in the database.
    private static T? Parse<T>(string text) where T : struct, Enum =>
        Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && Enum.IsDefined(value) && !int.TryParse(text, out _) ? value : null;
}

/// <summary>Who logs the contact: their client-manager id (if they are one) and user name.</summary>
public sealed record ContactAuthor(string? ManagerId, string UserName);

/// <summary>How logging went.</summary>
public enum LogContactStatus { Logged, Invalid, NotFound }

/// <summary>
/// The result: the interaction on the customer's timeline; for a lead whether this was its first
/// contact and a note on its first-contact task.
/// </summary>
public sealed record LogContactResult(LogContactStatus Status, IReadOnlyList<ValidationProblem> Problems, long? InteractionId = null,
    long? CustomerId = null, bool FirstContact = false, string? Note = null)
{
    internal static LogContactResult Invalid(IReadOnlyList<ValidationProblem> problems) => new(LogContactStatus.Invalid, problems);

    internal static LogContactResult NotFound => new(LogContactStatus.NotFound, []);
}

/// <summary>Logs a contact on a customer the author may see (the customer 360's "Log a contact").</summary>
public sealed class LogCustomerContactHandler(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    public async Task<LogContactResult> HandleAsync(long customerId, CustomerAccess access, LogContactCommand command, ContactAuthor by,
        CancellationToken ct = default)
    {
        if (command.Validate() is { Count: > 0 } problems) return LogContactResult.Invalid(problems);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await access.Filter(db, db.Customers.AsNoTracking()).AnyAsync(c => c.Id == customerId, ct)) return LogContactResult.NotFound;
        var interaction = command.ToInteraction(customerId, null, by.ManagerId, clock.GetUtcNow());
        db.Interactions.Add(interaction);
        await db.SaveChangesAsync(ct);
        return new(LogContactStatus.Logged, [], interaction.Id, customerId);
    }
}
