using CrmWorkflow.Crm.Features.Complaints;
using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Api;

/// <summary>
/// Complaints: register, read with the SLA state, move through their statuses, record the
/// satisfaction answer. Admins and client managers act on complaints (a client manager only on
/// those of customers they serve or assigned to them); analysts may read them.
/// </summary>
public static class ComplaintEndpoints
{
    public sealed record CreateRequest(long? CustomerId, long? ContactId, string? Channel, string? Category, string? Severity, string? Description);

    public sealed record StatusRequest(string? Status, string? Note, string? Resolution, string? RootCause);

    public sealed record SurveyRequest(int? Score, string? Comment);

    public sealed record EscalateRequest(string? Reason);

    private static readonly string[] Readers = [Roles.Admin, Roles.Analyst, Roles.ClientManager];
    private static readonly string[] Workers = [Roles.Admin, Roles.ClientManager];

    public static void MapComplaints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/complaints").WithTags("Complaints");
        group.MapPost("/", Create).RequireAuthorization(p => p.RequireRole(Workers)).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Registers a complaint and starts its handling (complaint.received); answers with the SLA due times.");
        group.MapGet("/{id:long}", Get).RequireAuthorization(p => p.RequireRole(Readers))
            .WithSummary("A complaint with its SLA state (onTrack, warning, breached, paused, met), due times, escalation level and satisfaction.");
        group.MapPost("/{id:long}/status", Status).RequireAuthorization(p => p.RequireRole(Workers))
            .WithSummary("Moves a complaint on: { status: acknowledged | waitingOnCustomer | inProgress | resolved | closed, note, resolution, rootCause }. Waiting on the customer pauses the SLA clock.");
        group.MapPost("/{id:long}/survey", Survey).RequireAuthorization(p => p.RequireRole(Workers))
            .WithSummary("Records the customer's satisfaction answer: { score: 1-5, comment }.");
        group.MapPost("/{id:long}/escalate", Escalate).RequireAuthorization(p => p.RequireRole(Workers))
            .WithSummary("Escalates one level now: { reason }. The complaint's workflow does the level's action (supervisor told, senior manager, priority raised).");
        group.MapGet("/{id:long}/timeline", Timeline).RequireAuthorization(p => p.RequireRole(Readers))
            .WithSummary("What happened to the complaint, oldest first: SLA milestones, status changes, tasks, escalations and messages.");
    }

    private static async Task<IResult> Create(HttpContext http, UserManager<AppUser> users, CreateComplaintHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateRequest>(http.Request);
        if (problem is not null) return problem;
        var command = new CreateComplaint(body!.CustomerId, body.ContactId, body.Channel, body.Category, body.Severity, body.Description);
        var result = await handler.HandleAsync(command, await CustomerEndpoints.AccessAsync(http, users), ct);
        return result.View is { } view ? Results.Created($"/api/complaints/{view.Id}", view) : Failure(result);
    }

    private static async Task<IResult> Get(long id, HttpContext http, UserManager<AppUser> users, GetComplaintHandler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, await CustomerEndpoints.AccessAsync(http, users), ct) is { } view
            ? Results.Ok(view)
            : Problems.NotFound($"No complaint {id} that you can see.");

    private static async Task<IResult> Status(long id, HttpContext http, UserManager<AppUser> users, ChangeComplaintStatusHandler handler,
        CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<StatusRequest>(http.Request);
        if (problem is not null) return problem;
        var command = new ChangeComplaintStatus(id, body!.Status, body.Note, body.Resolution, body.RootCause, http.User.Identity?.Name);
        var result = await handler.HandleAsync(command, await CustomerEndpoints.AccessAsync(http, users), ct);
        return result.View is { } view ? Results.Ok(view) : Failure(result);
    }

    private static async Task<IResult> Survey(long id, HttpContext http, UserManager<AppUser> users, AnswerSurveyHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<SurveyRequest>(http.Request);
        if (problem is not null) return problem;
        var result = await handler.HandleAsync(new AnswerSurvey(id, body!.Score, body.Comment), await CustomerEndpoints.AccessAsync(http, users), ct);
        return result.View is { } view ? Results.Ok(view) : Failure(result);
    }

    private static async Task<IResult> Escalate(long id, HttpContext http, UserManager<AppUser> users, EscalateComplaintHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<EscalateRequest>(http.Request);
        if (problem is not null) return problem;
        var command = new EscalateComplaint(id, body!.Reason, http.User.Identity?.Name);
        var result = await handler.HandleAsync(command, await CustomerEndpoints.AccessAsync(http, users), ct);
        return result.View is { } view ? Results.Ok(view) : Failure(result);
    }

    private static async Task<IResult> Timeline(long id, HttpContext http, UserManager<AppUser> users, ComplaintTimelineHandler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, await CustomerEndpoints.AccessAsync(http, users), ct) is { } timeline
            ? Results.Ok(timeline)
            : Problems.NotFound($"No complaint {id} that you can see.");

    private static IResult Failure(ComplaintResult result) => result.Error switch
    {
        ComplaintError.NotFound => Problems.NotFound(result.Problems![0].Message),
        ComplaintError.Conflict => Problems.Validation(result.Problems!, "The complaint cannot do that now.", StatusCodes.Status409Conflict),
        _ => Problems.Validation(result.Problems!),
    };
}
