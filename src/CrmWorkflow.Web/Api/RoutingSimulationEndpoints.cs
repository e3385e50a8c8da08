using CrmWorkflow.Crm.Features.Leads;

namespace CrmWorkflow.Web.Api;

/// <summary>The lead-routing what-if: compare a draft with the published version on recent leads.</summary>
public static class RoutingSimulationEndpoints
{
    public static void MapRoutingSimulation(this IEndpointRouteBuilder app)
    {
        app.MapPost($"/api/workflows/{SimulateRoutingHandler.DefinitionId}/simulate", SimulateAsync)
            .RequireAuthorization(AuthSetup.Designers).WithTags("Workflows")
            .WithSummary("Replays the leads of the last { days } through the draft (or { draftVersion }) and the published version of lead-routing, writing nothing: per-manager counts and load against capacity, fallback queues and the leads that change owner (the first { changesLimit } of them, 500 unless given, with changesTotal).");
    }

    private static async Task<IResult> SimulateAsync(HttpRequest request, SimulateRoutingHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<SimulateRoutingRequest>(request);
        if (problem is not null) return problem;
        var (result, refusal) = await handler.RunAsync(body!, ct);
        return refusal switch
        {
            // The page pages through every change in process; over HTTP ten thousand leads that all
            // change owner would be megabytes, so the answer lists the first ones and the total.
            null => Results.Ok(result! with { Changes = [.. result.Changes.Take(body!.ChangesLimit ?? SimulateRoutingRequest.DefaultChangesLimit)] }),
            { Status: 400 } => Problems.Invalid(refusal.Path ?? "$", refusal.Message),
            { Status: 404 } => Problems.NotFound(refusal.Message),
            _ => Problems.Conflict(refusal.Message),
        };
    }
}
