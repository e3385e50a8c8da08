using System.Text.RegularExpressions;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>A new client manager; the id is generated (cm-0042) when not given.</summary>
public sealed partial record CreateManager(string? Id, string? Name, string? Email, IReadOnlyList<string>? Regions, IReadOnlyList<string>? Industries,
    IReadOnlyList<string>? Skills, IReadOnlyList<string>? Languages, string? Seniority, int? LeadCapacity, int? KeyAccountCapacity,
    string? Team, string? SupervisorId)
{
    /// <summary>Problems by JSON path.</summary>
    public IReadOnlyList<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(Name)) problems.Add(new("$.name", "A name is required."));
        else if (Name.Length > 200) problems.Add(new("$.name", "The name is at most 200 characters."));
        if (Id is { } given && !IdPattern().IsMatch(given)) problems.Add(new("$.id", "Use lower-case letters, digits and hyphens, at most 40 characters (e.g. cm-0042)."));
        if (Seniority is { } s && !TryParseSeniority(s, out _))
            problems.Add(new("$.seniority", $"Use one of {string.Join(", ", Enum.GetNames<Seniority>())}."));
        if (LeadCapacity is < 0 or > 10_000) problems.Add(new("$.leadCapacity", "Lead capacity is 0 to 10,000."));
        if (KeyAccountCapacity is < 0 or > 10_000) problems.Add(new("$.keyAccountCapacity", "Key-account capacity is 0 to 10,000."));
        foreach (var (path, list) in new[] { ("$.regions", Regions), ("$.industries", Industries), ("$.skills", Skills), ("$.languages", Languages) })
            if (list is not null && string.Join(",", list).Length > 400) problems.Add(new(path, "The list is at most 400 characters in all."));
        return problems;
    }

    internal static bool TryParseSeniority(string text, out Seniority seniority) =>
        Enum.TryParse(text, true, out seniority) && !int.TryParse(text, out _);

    [GeneratedRegex("^[a-z0-9-]{1,40}$")]
    private static partial Regex IdPattern();
}

/// <summary>The manager as created.</summary>
public sealed record CreatedManager(string Id, string Name, string Seniority, int LeadCapacity, int KeyAccountCapacity);

/// <summary>Runs <see cref="CreateManager"/> (admins).</summary>
public sealed class CreateManagerHandler(IDbContextFactory<CrmDbContext> dbFactory)
{
    public async Task<ManagerResult<CreatedManager>> HandleAsync(CreateManager command, CancellationToken ct = default)
    {
        if (command.Validate() is { Count: > 0 } problems) return ManagerResult<CreatedManager>.Invalid(problems);
        var seniority = Seniority.Junior;
        if (command.Seniority is { } s) CreateManager.TryParseSeniority(s, out seniority);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = command.Id ?? $"cm-{await db.ClientManagers.CountAsync(ct) + 1:0000}";
        if (await db.ClientManagers.AnyAsync(m => m.Id == id, ct)) return ManagerResult<CreatedManager>.Conflict($"A client manager '{id}' exists already.");
        var manager = new ClientManager
        {
            Id = id, Name = command.Name!.Trim(), Email = command.Email, Regions = Join(command.Regions), Industries = Join(command.Industries),
            Skills = Join(command.Skills), Languages = Join(command.Languages), Seniority = seniority, LeadCapacity = command.LeadCapacity ?? 20,
            KeyAccountCapacity = command.KeyAccountCapacity ?? 10, Team = command.Team, SupervisorId = command.SupervisorId,
        };
        db.ClientManagers.Add(manager);
        await db.SaveChangesAsync(ct);
        return ManagerResult<CreatedManager>.Ok(new(manager.Id, manager.Name, manager.Seniority.ToString(), manager.LeadCapacity, manager.KeyAccountCapacity));
    }

    private static string Join(IReadOnlyList<string>? items) =>
        string.Join(",", (items ?? []).Select(i => i.Trim()).Where(i => i.Length > 0).Distinct());
}
