using System.Security.Claims;
using CrmWorkflow.Crm.Features.Managers;
using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Api;

/// <summary>Client managers: the list with their load (everyone signed in; a client manager sees their own), and admins' changes.</summary>
public static class ManagerEndpoints
{
    public sealed record ManagerRequest(string? Id, string? Name, string? Email, IReadOnlyList<string>? Regions, IReadOnlyList<string>? Industries,
        IReadOnlyList<string>? Skills, IReadOnlyList<string>? Languages, string? Seniority, int? LeadCapacity, int? KeyAccountCapacity,
        string? Team, string? SupervisorId);

    public sealed record CapacityRequest(int? LeadCapacity, int? KeyAccountCapacity, bool? IsActive);

    public sealed record OutOfOfficeRequest(DateTimeOffset? From, DateTimeOffset? To, string? Reason);

    public sealed record DeactivateRequest(string? Reason, DateTimeOffset? EffectiveAt);

    public static void MapManagers(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/managers", List).WithTags("Customers")
            .WithSummary("Client managers with their capacity and load (accounts and open leads counted) and their current or next absence; a client manager sees only themselves.");
        var group = app.MapGroup("/api/managers").WithTags("Customers").RequireAuthorization(AuthSetup.Admins);
        group.MapPost("/", Create).WithSummary("Creates a client manager (admins).");
        group.MapPut("/{id}/capacity", Capacity).WithSummary("Sets lead and key-account capacity and whether the manager takes new work.");
        group.MapPost("/{id}/out-of-office", Away).WithSummary("Records a period the manager is away; routing skips them then.");
        group.MapPost("/{id}/deactivate", Deactivate)
            .WithSummary("The manager leaves: marks them inactive and hands every account over at once (body optional: { reason, effectiveAt }); returns where each account went.");
        group.MapGet("/{id}/handover-preview", Preview)
            .WithSummary("What deactivating the manager would do: each account and its proposed new manager, by the published workflow's rules. Nothing is written.");
    }

    /// <summary>Which managers a signed-in user may see (API request or UI circuit): a client manager only their own card.</summary>
    public static async Task<ManagerAccess> AccessAsync(ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        if (!principal.IsInRole(Roles.ClientManager) || principal.IsInRole(Roles.Admin) || principal.IsInRole(Roles.Analyst)) return ManagerAccess.All;
        var user = await users.GetUserAsync(principal);
        return ManagerAccess.Own(user?.ClientManagerId ?? "(none)");
    }

    private static async Task<IResult> List(HttpContext http, UserManager<AppUser> users, ListManagersHandler handler, CancellationToken ct) =>
        Results.Ok((await handler.ListAsync(new ManagerFilter(), await AccessAsync(http.User, users), ct: ct)).Items);

    private static async Task<IResult> Create(HttpRequest request, CreateManagerHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ManagerRequest>(request);
        if (problem is not null) return problem;
        var result = await handler.HandleAsync(new CreateManager(body!.Id, body.Name, body.Email, body.Regions, body.Industries, body.Skills, body.Languages,
            body.Seniority, body.LeadCapacity, body.KeyAccountCapacity, body.Team, body.SupervisorId), ct);
        return result.Value is { } created ? Results.Created($"/api/managers/{created.Id}", created) : Failed(result);
    }

    private static async Task<IResult> Capacity(string id, HttpRequest request, SetManagerCapacityHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CapacityRequest>(request);
        if (problem is not null) return problem;
        var result = await handler.HandleAsync(new SetManagerCapacity(id, body!.LeadCapacity, body.KeyAccountCapacity, body.IsActive), ct);
        return result.Value is { } capacity ? Results.Ok(capacity) : Failed(result);
    }

    private static async Task<IResult> Away(string id, HttpRequest request, RecordOutOfOfficeHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<OutOfOfficeRequest>(request);
        if (problem is not null) return problem;
        var result = await handler.HandleAsync(new RecordOutOfOffice(id, body!.From, body.To, body.Reason), ct);
        return result.Value is { } period ? Results.Created($"/api/managers/{id}", period) : Failed(result);
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

    private static IResult Failed<T>(ManagerResult<T> result) where T : class => result.Error switch
    {
        ManagerError.NotFound => Problems.NotFound(result.Message!),
        ManagerError.Conflict => Problems.Conflict(result.Message!),
        _ => Problems.Validation(result.Problems ?? []),
    };
}
