using System.Security.Claims;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Features.Tasks;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence.Entities;

namespace CrmWorkflow.Web.Api;

/// <summary>The task inbox: views, filters and sorting; claim, delegate and complete.</summary>
public static class TaskEndpoints
{
    public sealed record CompleteRequest(string? Outcome, JsonObject? Data);

    public sealed record DelegateRequest(string? To);

    public static void MapTasks(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/tasks").WithTags("Tasks");
        group.MapGet("/", List).WithSummary(
            "Tasks by view (visible: everything I may see, mine, queues: unassigned in my roles and queues, team: the managers I supervise, all: admins); "
            + "filter by status, priority, due (overdue, today, week) or dueBefore, text in the title, definitionId; sort by due, priority or created; paged. "
            + "totalIsLowerBound says the count stopped at 10,000.");
        group.MapGet("/delegates", Delegates).WithSummary("Who a task can be handed to: active client managers with a sign-in.");
        group.MapGet("/{id}", Get).WithSummary("One task I may see.");
        group.MapPost("/{id}/claim", Claim).WithSummary("Takes an unassigned task from my role or queue; the instance journal records it.");
        group.MapPost("/{id}/complete", Complete).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Completes a task with { outcome, data }, checked against its outcomes and form.");
        group.MapPost("/{id}/delegate", Delegate)
            .WithSummary("Hands my task (a supervisor: a team member's) to another client manager: { to: client-manager id, email or user id }.");
    }

    private static async Task<IResult> List(ClaimsPrincipal user, TaskViewers viewers, WorkflowQueries queries, TimeProvider clock,
        string? view, string? status, string? priority, string? due, DateTimeOffset? dueBefore, string? text, string? definitionId, string? sort,
        int? page, int? pageSize, CancellationToken ct)
    {
        var problems = new List<ValidationProblem>();
        var parsedView = Parse(view, TaskView.Visible, "view", problems);
        var parsedSort = Parse(sort, TaskSort.Due, "sort", problems);
        var parsedDue = Parse(due?.Equals("week", StringComparison.OrdinalIgnoreCase) == true ? "ThisWeek" : due, TaskDue.Any, "due", problems);
        HumanTaskStatus? parsedStatus = HumanTaskStatus.Open;
        if (status?.Equals("all", StringComparison.OrdinalIgnoreCase) == true) parsedStatus = null;
        else if (status is not null) parsedStatus = Parse(status, HumanTaskStatus.Open, "status", problems);
        if (priority is not null && !TaskFilter.Priorities.Contains(priority, StringComparer.OrdinalIgnoreCase))
            problems.Add(new("priority", $"'{priority}' is not a priority; use {string.Join(", ", TaskFilter.Priorities)}."));
        if (text is { Length: > 200 }) problems.Add(new("text", "Search at most 200 characters."));
        if (problems.Count > 0) return Problems.Validation(problems);
        if (Paging.Check(page, pageSize) is { } problem) return problem;
        var viewer = await viewers.ForAsync(user, ct);
        if (parsedView == TaskView.All && !viewer.SeesAll) return Problems.Forbidden("Only admins see every task; use view=visible for yours.");
        var now = clock.GetUtcNow();
        var filter = new TaskFilter(parsedStatus, dueBefore) { Priority = priority?.ToLowerInvariant(), Text = text, DefinitionId = definitionId }
            .WithDue(parsedDue, now, TimeZoneInfo.Local);
        var result = await queries.ListTasksAsync(viewer, parsedView, filter, parsedSort, page ?? 1, pageSize ?? Paging.DefaultSize, ct);
        return Results.Ok(new
        {
            items = result.Items.Select(t => InstanceDto.Task(t, now)), result.Total, result.TotalIsLowerBound, page = result.PageNumber, result.PageSize,
        });
    }

    private static T Parse<T>(string? value, T fallback, string name, List<ValidationProblem> problems) where T : struct, Enum =>
        EnumQuery.Parse<T>(value, name, problems, n => n == "ThisWeek" ? "week" : n.ToLowerInvariant()) ?? fallback;

    private static async Task<IResult> Delegates(DelegateTaskHandler handler, CancellationToken ct) =>
        Results.Ok(await handler.TargetsAsync(ct));

    private static async Task<IResult> Get(string id, ClaimsPrincipal user, TaskViewers viewers, WorkflowQueries queries,
        TimeProvider clock, CancellationToken ct) =>
        await queries.GetTaskAsync(id, await viewers.ForAsync(user, ct), ct) is { } task
            ? Results.Ok(InstanceDto.Task(task, clock.GetUtcNow()))
            : Problems.NotFound($"No task '{id}' that you can see.");

    private static async Task<IResult> Claim(string id, ClaimsPrincipal user, TaskViewers viewers, ClaimTaskHandler handler, CancellationToken ct) =>
        Answer(id, await handler.HandleAsync(id, await viewers.ForAsync(user, ct), ct));

    private static async Task<IResult> Delegate(string id, HttpRequest request, ClaimsPrincipal user, TaskViewers viewers,
        DelegateTaskHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<DelegateRequest>(request);
        if (problem is not null) return problem;
        return Answer(id, await handler.HandleAsync(id, await viewers.ForAsync(user, ct), body!.To, ct));
    }

    private static IResult Answer(string id, AssignTaskResult result) => result.Status switch
    {
        AssignTaskStatus.Assigned => Results.Ok(new { id, assignee = result.Assignee }),
        AssignTaskStatus.NotFound => Problems.NotFound(result.Message!),
        AssignTaskStatus.Conflict => Problems.Conflict(result.Message!),
        _ => Problems.Invalid(result.Path!, result.Message!),
    };

    private static async Task<IResult> Complete(string id, HttpRequest request, ClaimsPrincipal user, TaskViewers viewers,
        CompleteTaskHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CompleteRequest>(request, optional: true);
        if (problem is not null) return problem;
        var viewer = await viewers.ForAsync(user, ct);
        var result = await handler.HandleAsync(id, viewer, body?.Outcome, body?.Data, user.Identity?.Name ?? viewer.UserId, ct);
        return result.Status switch
        {
            CompleteTaskStatus.Completed => Results.Ok(InstanceDto.From(result.Snapshot!)),
            CompleteTaskStatus.NotFound => Problems.NotFound(result.Message!),
            CompleteTaskStatus.NoLongerOpen => Problems.Conflict(result.Message!),
            _ => Problems.Invalid(result.Path!, result.Message!),
        };
    }
}
