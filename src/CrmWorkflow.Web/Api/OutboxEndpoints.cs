using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Notifications;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Web.Api;

/// <summary>The outbox for admins: every message with its delivery state; send a failed one again.</summary>
public static class OutboxEndpoints
{
    public static void MapOutbox(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/messages").WithTags("Outbox").RequireAuthorization(p => p.RequireRole(Roles.Admin));
        group.MapGet("/", List).WithSummary(
            "Queued, sent and failed messages, newest first (admins): status Pending, Sent or Failed; channel Email, Sms or InApp; paged. "
            + "pending and failed count the whole outbox; totalIsLowerBound says the count stopped at 10,000.");
        group.MapPost("/{id}/retry", Retry).WithSummary(
            "Sends a failed or waiting message again at once with a fresh series of attempts (admins); 409 when it was sent or a sender holds it now.");
    }

    private static async Task<IResult> List(Outbox outbox, string? status, string? channel, int? page, int? pageSize, CancellationToken ct)
    {
        var problems = new List<ValidationProblem>();
        var parsedStatus = EnumQuery.Parse<MessageStatus>(status, "status", problems);
        var parsedChannel = EnumQuery.Parse<MessageChannel>(channel, "channel", problems);
        if (problems.Count > 0) return Problems.Validation(problems);
        if (Paging.Check(page, pageSize) is { } problem) return problem;
        return Results.Ok(await outbox.ListAsync(parsedStatus, parsedChannel, page ?? 1, pageSize ?? Paging.DefaultSize, ct));
    }

    private static async Task<IResult> Retry(string id, Outbox outbox, CancellationToken ct) => await outbox.RetryAsync(id, ct) switch
    {
        RetryOutcome.Queued => Results.NoContent(),
        RetryOutcome.NotFound => Problems.NotFound($"There is no message {id}."),
        RetryOutcome.AlreadySent => Problems.Conflict($"Message {id} was sent; sending it again would deliver it twice."),
        _ => Problems.Conflict($"Message {id} is being sent right now; look again in a moment."),
    };
}
