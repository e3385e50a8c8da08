using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Web.TestRuns;

namespace CrmWorkflow.Web.Api;

/// <summary>
/// Test runs for designers: a workflow version run in a sandbox on a sample CRM, with nothing
/// sent and nothing written to live data. Engine refusals (invalid definition, bad input, a
/// task that is not open) come back as the same ProblemDetails as live runs.
/// </summary>
public static class TestRunEndpoints
{
    public sealed record StartRequest(JsonObject? Input, int? Version);

    public sealed record CompleteRequest(string? Outcome, JsonObject? Data);

    public sealed record AdvanceRequest(string? By);

    public static void MapTestRuns(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/workflows/{definitionId}/test-runs", Start).RequireAuthorization(AuthSetup.Designers).WithTags("Test runs")
            .WithSummary("Runs a version (the newest, usually the draft, when version is omitted) in a sandbox with { input }: no messages sent, no live data touched.");
        var group = app.MapGroup("/api/test-runs").WithTags("Test runs").RequireAuthorization(AuthSetup.Designers);
        group.MapGet("/{runId}", Get).WithSummary("The run: status, the path taken, open tasks and timers, incidents, the messages it would send, variables.");
        group.MapPost("/{runId}/tasks/{taskId}/complete", Complete).WithSummary("Completes one of the run's tasks: { outcome, data }.");
        group.MapPost("/{runId}/advance", Advance).WithSummary("Moves the run's clock forward { by: ISO 8601 duration, e.g. PT4H } and fires the timers that fell due.");
        group.MapDelete("/{runId}", Delete).WithSummary("Throws the run away (runs idle for 30 minutes go by themselves).");
    }

    private static async Task<IResult> Start(string definitionId, HttpRequest request, TestRunService runs, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<StartRequest>(request);
        if (problem is not null) return problem;
        if (body!.Version is < 1) return Problems.Invalid("$.version", "Versions are numbered from 1; omit it for the newest.");
        var view = await runs.StartAsync(definitionId, body.Version, body.Input, ct);
        return view is null
            ? Problems.NotFound(body.Version is null ? $"No workflow '{definitionId}'." : $"Workflow '{definitionId}' has no version {body.Version}.")
            : Results.Created($"/api/test-runs/{view.Id}", view);
    }

    private static async Task<IResult> Get(string runId, TestRunService runs, CancellationToken ct) =>
        await runs.GetAsync(runId, ct) is { } view ? Results.Ok(view) : Gone(runId);

    private static async Task<IResult> Complete(string runId, string taskId, HttpRequest request, TestRunService runs, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CompleteRequest>(request);
        if (problem is not null) return problem;
        return await runs.CompleteTaskAsync(runId, taskId, body!.Outcome, body.Data, request.HttpContext.User.Identity?.Name, ct) is { } view
            ? Results.Ok(view)
            : Gone(runId);
    }

    private static async Task<IResult> Advance(string runId, HttpRequest request, TestRunService runs, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<AdvanceRequest>(request);
        if (problem is not null) return problem;
        var by = body!.By is { } text && CrmWorkflow.Engine.Runtime.ValueConverter.IsDuration(text) ? System.Xml.XmlConvert.ToTimeSpan(text.Trim()) : TimeSpan.Zero;
        if (by <= TimeSpan.Zero || by > TimeSpan.FromDays(366))
            return Problems.Invalid("$.by", "Give how far to move the clock as an ISO 8601 duration between PT1S and P366D, e.g. PT4H.");
        return await runs.AdvanceAsync(runId, by, ct) is { } view ? Results.Ok(view) : Gone(runId);
    }

    private static async Task<IResult> Delete(string runId, TestRunService runs) =>
        await runs.DeleteAsync(runId) ? Results.NoContent() : Gone(runId);

    private static IResult Gone(string runId) =>
        Problems.NotFound($"No test run '{runId}': it never existed or was thrown away after {TestRunService.IdleLimit.TotalMinutes:0} idle minutes.");
}
