using System.Security.Claims;
using CrmWorkflow.Crm.Features.Rollouts;
using CrmWorkflow.Crm.Identity;

namespace CrmWorkflow.Web.Api;

/// <summary>CRM rollout projects run by the implementation methodology (consultants and admins).</summary>
public static class RolloutEndpoints
{
    public sealed record CompleteItemRequest(string? Evidence);

    public sealed record KpiReadingRequest(string? Kpi, long? KpiId, decimal? Value, decimal? Target);

    public static void MapRollouts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/rollouts").WithTags("Rollouts")
            .RequireAuthorization(p => p.RequireRole(Roles.Consultant, Roles.Admin));
        group.MapPost("/", Create).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Creates a project from the methodology (3 phases, 7 dated stages, the 10-point checklist, gates, KPIs) and starts its crm-rollout workflow.");
        group.MapGet("/", async (ListRolloutsHandler handler, CancellationToken ct) => Results.Ok(await handler.HandleAsync(ct)))
            .WithSummary("The portfolio: phase and stage progress, gates passed or blocked, overdue items, TCO and ROI against target.");
        group.MapGet("/{id:long}", async (long id, GetRolloutHandler handler, CancellationToken ct) =>
                await handler.HandleAsync(id, ct) is { } view ? Results.Ok(view) : Problems.NotFound($"No rollout project {id}."))
            .WithSummary("One project: phases, stages, checklist items with owner and evidence, gates, KPIs with their readings, risks.");
        group.MapPost("/{id:long}/checklist/{number:int}/complete", Complete)
            .WithSummary("Completes a checklist item (evidence required); a gate waiting on it checks again at once.");
        group.MapPost("/{id:long}/kpis", RecordKpi)
            .WithSummary("Records a KPI reading by name or id (TCO and ROI readings are the project's actuals; ROI in percent) and/or sets its target.");
        group.MapGet("/{id:long}/status-report", StatusReport)
            .WithSummary("The status report as HTML (the weekly mail's content, as of now); ?download=true sends it as a file.");
    }

    private static async Task<IResult> Create(HttpRequest request, ClaimsPrincipal user, CreateRolloutHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateRollout>(request);
        if (problem is not null) return problem;
        var result = await handler.HandleAsync(body!, user.FindFirstValue(ClaimTypes.NameIdentifier), ct);
        return Answer(result, created => Results.Created($"/api/rollouts/{created.Id}", created));
    }

    private static async Task<IResult> Complete(long id, int number, HttpRequest request, ClaimsPrincipal user, CompleteChecklistItemHandler handler,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CompleteItemRequest>(request);
        if (problem is not null) return problem;
        var result = await handler.HandleAsync(new CompleteChecklistItem(id, number, body!.Evidence, Who(user)), ct);
        return Answer(result, Results.Ok);
    }

    private static async Task<IResult> RecordKpi(long id, HttpRequest request, ClaimsPrincipal user, RecordKpiHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<KpiReadingRequest>(request);
        if (problem is not null) return problem;
        var result = await handler.HandleAsync(new Crm.Features.Rollouts.RecordKpi(id, body!.Kpi, body.KpiId, body.Value, body.Target, Who(user)), ct);
        return Answer(result, recorded => Results.Created($"/api/rollouts/{id}", recorded));
    }

    private static async Task<IResult> StatusReport(long id, bool? download, RolloutStatusReportHandler handler, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        if (await handler.RenderAsync(id, ct) is not { } report) return Problems.NotFound($"No rollout project {id}.");
        // ?download=true saves the report as a file named after the project and the day.
        if (download is true)
            http.Response.Headers.ContentDisposition = $"attachment; filename=\"rollout-{id}-status-{clock.GetUtcNow():yyyy-MM-dd}.html\"";
        return Results.Content(report.Body, "text/html; charset=utf-8");
    }

    private static string? Who(ClaimsPrincipal user) => user.Identity?.Name ?? user.FindFirstValue(ClaimTypes.Email);

    private static IResult Answer<T>(RolloutResult<T> result, Func<T, IResult> ok) => result.Failure switch
    {
        RolloutFailure.None => ok(result.Value!),
        RolloutFailure.NotFound => Problems.NotFound(result.Detail!),
        RolloutFailure.Conflict => Problems.Conflict(result.Detail!),
        _ => Problems.Validation(result.Problems),
    };
}
