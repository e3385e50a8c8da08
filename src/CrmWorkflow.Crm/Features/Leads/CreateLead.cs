using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Runtime.Durable;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>A new lead from any channel.</summary>
public sealed record CreateLeadCommand(string? PersonName, string? CompanyName, string? Email, string? Phone, string? Region,
    string? Industry, int? Size, string? Source, string? ProductInterest, decimal? EstimatedValue, int? Score);

/// <summary>
/// The new lead's id, or why it was refused. <paramref name="View"/> is the stored lead as a read
/// would show it, when the request itself finished the lead's work (null: read it back).
/// </summary>
public sealed record CreateLeadResult(long? LeadId, IReadOnlyList<ValidationProblem> Problems, LeadView? View = null);

/// <summary>
/// Stores a lead and raises <c>lead.created</c> in the same transaction: the triggered
/// workflows (lead routing) take their first step in it too, so the lead, its assignment, the
/// manager's task and the notification commit together. A workflow that cannot start then is
/// left in the event outbox and the background worker starts it: the lead is never without its routing.
/// </summary>
public sealed class CreateLeadHandler(IDbContextFactory<CrmDbContext> dbFactory, WorkflowRuntime runtime, TimeProvider clock,
    ILogger<CreateLeadHandler> logger)
{
    /// <summary>The event raised for every new lead; its payload carries the lead's fields and <c>leadId</c>.</summary>
    public const string CreatedEvent = "lead.created";

    public static List<ValidationProblem> Validate(CreateLeadCommand c)
    {
        var problems = new List<ValidationProblem>();
        Text(problems, "$.personName", c.PersonName, 200, required: true);
        Text(problems, "$.companyName", c.CompanyName, 200);
        Text(problems, "$.email", c.Email, 200);
        if (c.Email is { Length: > 0 } email && !email.Contains('@')) problems.Add(new("$.email", "The email address needs an '@'."));
        Text(problems, "$.phone", c.Phone, 40);
        Text(problems, "$.region", c.Region, 60, required: true);
        Text(problems, "$.industry", c.Industry, 60, required: true);
        Text(problems, "$.productInterest", c.ProductInterest, 100);
        if (c.Size is < 0 or > 10_000_000) problems.Add(new("$.size", "Size (employees) is 0 to 10,000,000."));
        if (c.EstimatedValue is < 0 or > 1_000_000_000_000m) problems.Add(new("$.estimatedValue", "The estimated value is 0 or more (at most 10^12)."));
        if (c.Score is < 0 or > 100) problems.Add(new("$.score", "A score is 0 to 100."));
        if (string.IsNullOrWhiteSpace(c.Source)) problems.Add(new("$.source", $"Say where the lead came from: {string.Join(", ", Enum.GetNames<Channel>())}."));
        else if (!Enum.TryParse<Channel>(c.Source, true, out _) || int.TryParse(c.Source, out _))
            problems.Add(new("$.source", $"'{c.Source}' is not a channel; use one of {string.Join(", ", Enum.GetNames<Channel>())}."));
        return problems;
    }

    public async Task<CreateLeadResult> HandleAsync(CreateLeadCommand c, CancellationToken ct = default)
    {
        var problems = Validate(c);
        if (problems.Count > 0) return new CreateLeadResult(null, problems);
        var lead = new Lead
        {
            PersonName = c.PersonName!.Trim(), CompanyName = Blank(c.CompanyName), Email = Blank(c.Email), Phone = Blank(c.Phone),
            Region = c.Region!.Trim(), Industry = c.Industry!.Trim(), Size = c.Size ?? 0, SourceChannel = Enum.Parse<Channel>(c.Source!, true),
            ProductInterest = Blank(c.ProductInterest), EstimatedValue = c.EstimatedValue ?? 0, Score = c.Score ?? 0,
            Status = LeadStatus.New, CreatedAt = clock.GetUtcNow(),
        };
        TransactionalEvent raised;
        LeadView? view = null;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            // A failed save ends the whole unit of work, so EF Core's savepoint around each save
            // (two more statements per lead) would never be rolled back to.
            db.Database.AutoSavepointsEnabled = false;
            await using var tx = await db.Database.BeginTransactionAsync(ct);
            db.Leads.Add(lead);
            if (db.Database.IsOnSqlite())
            {
                // The id is taken now, and the routing step inserts the lead with its assignment:
                // one row written once, instead of inserted and rewritten with the assignment
                // (which moved it in both of its indexes). The activities find it in the context.
                lead.Id = await NextSqliteLeadIdAsync(db, ct);
            }
            else
            {
                await db.SaveChangesAsync(ct);
            }
            raised = await runtime.RaiseEventInTransactionAsync(db, CreatedEvent,
                lead.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Payload(lead), ct);
            // No workflow step stored it (none triggered): it is stored as it came in. (A failed start
            // leaves it as it came in, and it is stored with the queued event that routes it later.)
            if (db.Entry(lead).State == EntityState.Added) await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            // The routing ran on this lead in this context and everything was saved, so it holds
            // what the database holds: the answer needs no second read. Work left to the outbox
            // or to after the commit may still change the lead; then the caller reads it back.
            if (!raised.Queued && !raised.HasWorkAfterCommit && db.Entry(lead).State == EntityState.Unchanged)
            {
                var manager = lead.AssignedManagerId is { } managerId ? await db.ClientManagers.FindAsync([managerId], ct) : null;
                view = GetLeadHandler.ToView(AsStored(db, lead), manager?.Name);
            }
        }
        try
        {
            await runtime.CompleteAsync(raised, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Committed; what is left is in the outbox and the worker finishes it.
            logger.LogWarning(ex, "Lead {LeadId} is stored; follow-up work will run in the background.", lead.Id);
        }
        return new CreateLeadResult(lead.Id, [], view);
    }

    // What SQLite's AUTOINCREMENT would give the next row. Asked inside the write transaction
    // (SQLite's BEGIN IMMEDIATE), so no other writer can take the same id before the insert.
    private const string NextLeadIdSql =
        "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'Leads'), 0), COALESCE((SELECT MAX(Id) FROM Leads), 0)) + 1";

    private static async Task<long> NextSqliteLeadIdAsync(CrmDbContext db, CancellationToken ct)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = NextLeadIdSql;
        await using var reader = await StatementCache.ExecuteReaderAsync(command, System.Data.CommandBehavior.Default, ct);
        await reader.ReadAsync(ct);
        return reader.GetInt64(0);
    }

    // The lead's values as a read gives them back: the columns keep times to 100 µs (SQLite) and
    // amounts as doubles (SQLite) or to the column's scale (SQL Server).
    private static Lead AsStored(CrmDbContext db, Lead lead)
    {
        var values = db.Entry(lead).CurrentValues.Clone();
        foreach (var property in values.Properties)
        {
            if (values[property] is not { } value) continue;
            if (property.GetTypeMapping().Converter is { } converter)
                values[property] = converter.ConvertFromProvider(converter.ConvertToProvider(value));
            else if (value is decimal amount && property.GetScale() is { } scale)
                values[property] = Math.Round(amount, scale, MidpointRounding.AwayFromZero) + new decimal(0, 0, 0, false, (byte)scale);
        }
        return (Lead)values.ToObject();
    }

    /// <summary>The <c>lead.created</c> payload.</summary>
    public static JsonObject Payload(Lead lead) => new()
    {
        ["leadId"] = lead.Id, ["personName"] = lead.PersonName, ["companyName"] = lead.CompanyName, ["region"] = lead.Region,
        ["industry"] = lead.Industry, ["size"] = lead.Size, ["source"] = lead.SourceChannel.ToString(),
        ["productInterest"] = lead.ProductInterest, ["estimatedValue"] = lead.EstimatedValue, ["score"] = lead.Score,
    };

    private static void Text(List<ValidationProblem> problems, string path, string? value, int max, bool required = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required) problems.Add(new(path, "This field is required."));
            return;
        }
        if (value.Length > max) problems.Add(new(path, $"At most {max} characters."));
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
