using CrmWorkflow.Crm.Features.Tasks;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Api;

/// <summary>The task inbox: my tasks, claim, complete and delegate.</summary>
public static class TaskEndpoints
{
    public sealed record CompleteRequest(string? Outcome, JsonObject? Data);

    public sealed record DelegateRequest(string? To);

    public static void MapTasks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks");
        group.MapGet("/", List).WithSummary("Tasks assigned to me, or unassigned in my roles or queues; filter by status and dueBefore; paged.");
        group.MapGet("/{id}", Get).WithSummary("One task I may see.");
        group.MapPost("/{id}/claim", Claim).WithSummary("Takes an unassigned task from my role or queue.");
        group.MapPost("/{id}/complete", Complete).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Completes a task with { outcome, data }, checked against its outcomes and form.");
        group.MapPost("/{id}/delegate", Delegate).WithSummary("Hands an open task to another user: { to: email or user id }.");
    }

    private static async Task<TaskViewer> ViewerAsync(HttpContext http, UserManager<AppUser> users) =>
        await users.ViewerAsync(http.User);

    private static async Task<IResult> List(HttpContext http, UserManager<AppUser> users, WorkflowQueries queries, TimeProvider clock,
        string? status, DateTimeOffset? dueBefore, int? page, int? pageSize, CancellationToken ct)
    {
        HumanTaskStatus? parsed = HumanTaskStatus.Open;
        if (status is not null)
        {
            if (status.Equals("all", StringComparison.OrdinalIgnoreCase)) parsed = null;
            else if (Enum.TryParse<HumanTaskStatus>(status, true, out var s) && !int.TryParse(status, out _)) parsed = s;
            else return Problems.Invalid("status", $"'{status}' is not a task status; use Open, Completed, Cancelled or all.");
        }
        if (Paging.Check(page, pageSize) is { } problem) return problem;
        var result = await queries.ListTasksAsync(await ViewerAsync(http, users), new TaskFilter(parsed, dueBefore),
            page ?? 1, pageSize ?? Paging.DefaultSize, ct);
        var now = clock.GetUtcNow();
        return Results.Ok(new { items = result.Items.Select(t => InstanceDto.Task(t, now)), result.Total, page = result.PageNumber, result.PageSize });
    }

    private static async Task<IResult> Get(string id, HttpContext http, UserManager<AppUser> users, WorkflowQueries queries,
        TimeProvider clock, CancellationToken ct) =>
        await queries.GetTaskAsync(id, await ViewerAsync(http, users), ct) is { } task
            ? Results.Ok(InstanceDto.Task(task, clock.GetUtcNow()))
            : Problems.NotFound($"No task '{id}' that you can see.");

    private static async Task<IResult> Claim(string id, HttpContext http, UserManager<AppUser> users, WorkflowQueries queries, CancellationToken ct)
    {
        var viewer = await ViewerAsync(http, users);
        var task = await queries.GetTaskAsync(id, viewer, ct);
        if (task is null) return Problems.NotFound($"No task '{id}' that you can see.");
        if (task.Status != HumanTaskStatus.Open) return Problems.Conflict($"The task is {task.Status.ToString().ToLowerInvariant()}.");
        return await queries.ClaimTaskAsync(id, viewer, ct)
            ? Results.Ok(new { id, assignee = viewer.UserId })
            : Problems.Conflict("Someone else claimed the task first.");
    }

    private static async Task<IResult> Complete(string id, HttpRequest request, HttpContext http, UserManager<AppUser> users,
        CompleteTaskHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CompleteRequest>(request, optional: true);
        if (problem is not null) return problem;
        var viewer = await ViewerAsync(http, users);
        var result = await handler.HandleAsync(id, viewer, body?.Outcome, body?.Data, http.User.Identity?.Name ?? viewer.UserId, ct);
        return result.Status switch
        {
            CompleteTaskStatus.Completed => Results.Ok(InstanceDto.From(result.Snapshot!)),
            CompleteTaskStatus.NotFound => Problems.NotFound(result.Message!),
            CompleteTaskStatus.NoLongerOpen => Problems.Conflict(result.Message!),
            _ => Problems.Invalid(result.Path!, result.Message!),
        };
    }

    private static async Task<IResult> Delegate(string id, HttpRequest request, HttpContext http, UserManager<AppUser> users,
        WorkflowQueries queries, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<DelegateRequest>(request);
        if (problem is not null) return problem;
        if (string.IsNullOrWhiteSpace(body!.To)) return Problems.Invalid("$.to", "Say who gets the task (email or user id).");
        var target = await users.FindByEmailAsync(body.To) ?? await users.FindByIdAsync(body.To);
        if (target is null) return Problems.Invalid("$.to", $"No user '{body.To}'.");
        var viewer = await ViewerAsync(http, users);
        var task = await queries.GetTaskAsync(id, viewer, ct);
        if (task is null) return Problems.NotFound($"No task '{id}' that you can see.");
        return await queries.DelegateTaskAsync(id, viewer, target.Id, ct)
            ? Results.Ok(new { id, assignee = target.Id })
            : Problems.Conflict("The task is no longer open.");
    }
}
