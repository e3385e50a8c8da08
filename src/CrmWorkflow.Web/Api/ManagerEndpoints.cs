using System.Text.RegularExpressions;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Managers;
using CrmWorkflow.Engine.Model;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.Api;

/// <summary>Creating client managers, their capacity and their out-of-office periods (admins).</summary>
public static partial class ManagerEndpoints
{
    public sealed record ManagerRequest(string? Id, string? Name, string? Email, IReadOnlyList<string>? Regions, IReadOnlyList<string>? Industries,
        IReadOnlyList<string>? Skills, IReadOnlyList<string>? Languages, string? Seniority, int? LeadCapacity, int? KeyAccountCapacity,
        string? Team, string? SupervisorId);

    public sealed record CapacityRequest(int? LeadCapacity, int? KeyAccountCapacity, bool? IsActive);

    public sealed record OutOfOfficeRequest(DateTimeOffset? From, DateTimeOffset? To, string? Reason);

    public sealed record DeactivateRequest(string? Reason, DateTimeOffset? EffectiveAt);

    public static void MapManagers(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/managers").WithTags("Customers").RequireAuthorization(AuthSetup.Admins);
        group.MapPost("/", Create).WithSummary("Creates a client manager (admins).");
        group.MapPut("/{id}/capacity", Capacity).WithSummary("Sets lead and key-account capacity and whether the manager takes new work.");
        group.MapPost("/{id}/out-of-office", Away).WithSummary("Records a period the manager is away; routing skips them then.");
        group.MapPost("/{id}/deactivate", Deactivate)
            .WithSummary("The manager leaves: marks them inactive and hands every account over at once (body optional: { reason, effectiveAt }); returns where each account went.");
        group.MapGet("/{id}/handover-preview", Preview)
            .WithSummary("What deactivating the manager would do: each account and its proposed new manager, by the published workflow's rules. Nothing is written.");
    }

    private static async Task<IResult> Create(HttpRequest request, IDbContextFactory<CrmDbContext> dbFactory, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ManagerRequest>(request);
        if (problem is not null) return problem;
        var problems = new List<ValidationProblem>();
        if (string.IsNullOrWhiteSpace(body!.Name)) problems.Add(new("$.name", "A name is required."));
        else if (body.Name.Length > 200) problems.Add(new("$.name", "The name is at most 200 characters."));
        if (body.Id is { } given && !IdPattern().IsMatch(given)) problems.Add(new("$.id", "Use lower-case letters, digits and hyphens, at most 40 characters (e.g. cm-0042)."));
        var seniority = Seniority.Junior;
        if (body.Seniority is { } s && !Enum.TryParse(s, true, out seniority))
            problems.Add(new("$.seniority", $"Use one of {string.Join(", ", Enum.GetNames<Seniority>())}."));
        if (body.LeadCapacity is < 0 or > 10_000) problems.Add(new("$.leadCapacity", "Lead capacity is 0 to 10,000."));
        if (body.KeyAccountCapacity is < 0 or > 10_000) problems.Add(new("$.keyAccountCapacity", "Key-account capacity is 0 to 10,000."));
        foreach (var (path, list) in new[] { ("$.regions", body.Regions), ("$.industries", body.Industries), ("$.skills", body.Skills), ("$.languages", body.Languages) })
            if (list is not null && string.Join(",", list).Length > 400) problems.Add(new(path, "The list is at most 400 characters in all."));
        if (problems.Count > 0) return Problems.Validation(problems);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var id = body.Id ?? $"cm-{await db.ClientManagers.CountAsync(ct) + 1:0000}";
        if (await db.ClientManagers.AnyAsync(m => m.Id == id, ct)) return Problems.Conflict($"A client manager '{id}' exists already.");
        var manager = new ClientManager
        {
            Id = id, Name = body.Name!.Trim(), Email = body.Email, Regions = Join(body.Regions), Industries = Join(body.Industries), Skills = Join(body.Skills),
            Languages = Join(body.Languages), Seniority = seniority, LeadCapacity = body.LeadCapacity ?? 20, KeyAccountCapacity = body.KeyAccountCapacity ?? 10,
            Team = body.Team, SupervisorId = body.SupervisorId,
        };
        db.ClientManagers.Add(manager);
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/managers/{id}", new { manager.Id, manager.Name, seniority = manager.Seniority.ToString(), manager.LeadCapacity, manager.KeyAccountCapacity });
    }

    private static async Task<IResult> Capacity(string id, HttpRequest request, IDbContextFactory<CrmDbContext> dbFactory, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CapacityRequest>(request);
        if (problem is not null) return problem;
        if (body!.LeadCapacity is < 0 or > 10_000) return Problems.Invalid("$.leadCapacity", "Lead capacity is 0 to 10,000.");
        if (body.KeyAccountCapacity is < 0 or > 10_000) return Problems.Invalid("$.keyAccountCapacity", "Key-account capacity is 0 to 10,000.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var manager = await db.ClientManagers.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (manager is null) return Problems.NotFound($"No client manager '{id}'.");
        manager.LeadCapacity = body.LeadCapacity ?? manager.LeadCapacity;
        manager.KeyAccountCapacity = body.KeyAccountCapacity ?? manager.KeyAccountCapacity;
        manager.IsActive = body.IsActive ?? manager.IsActive;
        await db.SaveChangesAsync(ct);
        return Results.Ok(new { manager.Id, manager.LeadCapacity, manager.KeyAccountCapacity, manager.IsActive, manager.OpenLeads });
    }

    private static async Task<IResult> Away(string id, HttpRequest request, IDbContextFactory<CrmDbContext> dbFactory, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<OutOfOfficeRequest>(request);
        if (problem is not null) return problem;
        if (body!.From is not { } from) return Problems.Invalid("$.from", "When the absence starts is required.");
        if (body.To is not { } to) return Problems.Invalid("$.to", "When the absence ends is required.");
        if (to <= from) return Problems.Invalid("$.to", "The absence must end after it starts.");
        if (body.Reason is { Length: > 200 }) return Problems.Invalid("$.reason", "The reason is at most 200 characters.");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (!await db.ClientManagers.AnyAsync(m => m.Id == id, ct)) return Problems.NotFound($"No client manager '{id}'.");
        var period = new OutOfOffice { ManagerId = id, From = from, To = to, Reason = body.Reason };
        db.OutOfOffice.Add(period);
        await db.SaveChangesAsync(ct);
        return Results.Created($"/api/managers/{id}", new { period.Id, period.ManagerId, period.From, period.To, period.Reason });
    }

    private static async Task<IResult> Deactivate(string id, HttpRequest request, DeactivateManagerHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<DeactivateRequest>(request, optional: true);
        if (problem is not null) return problem;
        var result = await handler.HandleAsync(new DeactivateManagerCommand(id, body?.Reason, body?.EffectiveAt, request.HttpContext.User.Identity?.Name), ct);
        return result.Status switch
        {
            DeactivationStatus.Done => Results.Ok(result.Summary),
            DeactivationStatus.NotFound => Problems.NotFound(result.Message!),
            DeactivationStatus.AlreadyInactive => Problems.Conflict(result.Message!),
            _ => Problems.Invalid(result.Path!, result.Message!),
        };
    }

    private static async Task<IResult> Preview(string id, HandoverPreviewHandler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, ct) is { } preview ? Results.Ok(preview) : Problems.NotFound($"No client manager '{id}'.");

    private static string Join(IReadOnlyList<string>? items) =>
        string.Join(",", (items ?? []).Select(i => i.Trim()).Where(i => i.Length > 0).Distinct());

    [GeneratedRegex("^[a-z0-9-]{1,40}$")]
    private static partial Regex IdPattern();
}
