using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;

namespace CrmWorkflow.Web.Api;

/// <summary>Instances, bookmarks and events.</summary>
public static class InstanceEndpoints
{
    public sealed record ResumeRequest(JsonNode? Payload);

    public sealed record EventRequest(string? CorrelationId, JsonNode? Payload);

    public static void MapInstances(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/instances").WithTags("Instances");
        group.MapGet("/", List).WithSummary("Instances, newest first; filter by definitionId, status, correlationId; page and pageSize.");
        group.MapGet("/{id}", Get).WithSummary("An instance: status, input, variables, outputs, bookmarks and incidents.");
        group.MapGet("/{id}/journal", async (string id, WorkflowQueries queries, CancellationToken ct) =>
                await queries.GetInstanceAsync(id, ct) is null
                    ? Problems.NotFound($"No workflow instance '{id}'.")
                    : Results.Ok(await queries.JournalAsync(id, ct)))
            .WithSummary("One entry per activity execution, in order.");
        group.MapPost("/{id}/cancel", async (string id, WorkflowRuntime runtime, CancellationToken ct) =>
                Results.Ok(InstanceDto.From(await runtime.CancelAsync(id, ct))))
            .RequireAuthorization(AuthSetup.Designers).AddEndpointFilter<IdempotencyFilter>().WithSummary("Cancels the instance and its open tasks.");
        group.MapPost("/{id}/retry", async (string id, WorkflowRuntime runtime, CancellationToken ct) =>
                Results.Ok(InstanceDto.From(await runtime.RetryAsync(id, ct))))
            .RequireAuthorization(AuthSetup.Designers).AddEndpointFilter<IdempotencyFilter>().WithSummary("Re-runs the failed activity of a faulted instance.");

        app.MapPost("/api/bookmarks/{id}/resume", Resume).WithTags("Instances").RequireAuthorization(AuthSetup.Designers)
            .AddEndpointFilter<IdempotencyFilter>().WithSummary("Resumes a bookmark with { payload }.");
        app.MapPost("/api/events/{name}", Raise).WithTags("Instances").AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Raises an event: resumes waiting instances with a matching correlation id and starts triggered workflows.");
    }

    private static async Task<IResult> List(WorkflowQueries queries, string? definitionId, string? status, string? correlationId,
        int? page, int? pageSize, CancellationToken ct)
    {
        WorkflowStatus? parsed = null;
        if (status is not null)
        {
            if (!Enum.TryParse<WorkflowStatus>(status, true, out var s) || int.TryParse(status, out _))
                return Problems.Invalid("status", $"'{status}' is not a status; use one of {string.Join(", ", Enum.GetNames<WorkflowStatus>())}.");
            parsed = s;
        }
        if (Paging.Check(page, pageSize) is { } problem) return problem;
        var result = await queries.ListInstancesAsync(new InstanceFilter(definitionId, parsed, correlationId), page ?? 1, pageSize ?? Paging.DefaultSize, ct);
        return Results.Ok(new { items = result.Items.Select(InstanceDto.Summary), result.Total, page = result.PageNumber, result.PageSize });
    }

    private static async Task<IResult> Get(string id, WorkflowQueries queries, WorkflowRuntime runtime, CancellationToken ct)
    {
        var record = await queries.GetInstanceAsync(id, ct);
        if (record is null) return Problems.NotFound($"No workflow instance '{id}'.");
        var state = (await runtime.GetStateAsync(id, ct))!;
        var incidents = await queries.IncidentsAsync(id, ct);
        return Results.Ok(new
        {
            record.Id, record.DefinitionId, record.Version, status = record.Status.ToString(), record.CorrelationId, record.ParentInstanceId,
            record.CreatedAt, record.UpdatedAt, record.FinishedAt, state.Input, state.Variables, state.Outputs,
            bookmarks = state.Bookmarks.Select(InstanceDto.Bookmark),
            incidents = incidents.Select(i => new { i.Id, i.ActivityId, i.ActivityType, i.Message, i.At, i.ResolvedAt, i.Resolution }),
        });
    }

    private static async Task<IResult> Resume(string id, HttpRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<ResumeRequest>(request, optional: true);
        if (problem is not null) return problem;
        try
        {
            return Results.Ok(InstanceDto.From(await runtime.ResumeAsync(id, body?.Payload, ct)));
        }
        catch (BookmarkNotFoundException)
        {
            return Problems.NotFound($"No open bookmark '{id}'; it does not exist or was resumed already.");
        }
    }

    private static async Task<IResult> Raise(string name, HttpRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<EventRequest>(request, optional: true);
        if (problem is not null) return problem;
        if (name.Length > 200) return Problems.Invalid("name", "Event names are at most 200 characters.");
        if (body?.CorrelationId is { Length: > 200 }) return Problems.Invalid("$.correlationId", "The correlation id is at most 200 characters.");
        var result = await runtime.RaiseEventAsync(name, body?.CorrelationId, body?.Payload, ct);
        return Results.Ok(new { startedInstances = result.StartedInstances, resumedInstances = result.ResumedInstances });
    }
}

/// <summary>Paging parameters shared by list endpoints.</summary>
public static class Paging
{
    public const int DefaultSize = 25;
    public const int MaxSize = 200;

    public static IResult? Check(int? page, int? pageSize)
    {
        if (page is < 1) return Problems.Invalid("page", "page starts at 1.");
        if (pageSize is < 1 or > MaxSize) return Problems.Invalid("pageSize", $"pageSize must be between 1 and {MaxSize}.");
        return null;
    }
}
