using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime.Durable;
using CrmWorkflow.Engine.Validation;

namespace CrmWorkflow.Web.Api;

/// <summary>Activity types, definitions (drafts, versions, publish) and starting instances.</summary>
public static class WorkflowEndpoints
{
    public sealed record StartRequest(JsonObject? Input, string? CorrelationId);

    public static void MapWorkflows(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/activity-types", (ActivityRegistry registry) => registry.Descriptors)
            .WithTags("Workflows").WithSummary("Activity descriptors: the designer's toolbox and property panel metadata.");

        var group = app.MapGroup("/api/workflows").WithTags("Workflows");
        group.MapGet("/", async (WorkflowDefinitionStore store, CancellationToken ct) => await store.ListAsync(ct))
            .WithSummary("Every definition with its newest and newest published version.");
        group.MapPost("/validate", Validate).WithSummary("Validates a definition document without saving it.");
        group.MapGet("/{definitionId}", Get).WithSummary("A version (the newest when ?version is omitted) with its status and revision.");
        group.MapPut("/{definitionId}", SaveDraft).RequireAuthorization(AuthSetup.Designers)
            .WithSummary("Saves the body as the draft; send If-Match with the revision you edited to avoid overwriting newer work.");
        group.MapPost("/{definitionId}/publish", Publish).RequireAuthorization(AuthSetup.Designers)
            .WithSummary("Validates and publishes a version (the newest when ?version is omitted).");
        group.MapGet("/{definitionId}/versions", Versions).WithSummary("Every version, newest first.");
        group.MapDelete("/{definitionId}", Delete).RequireAuthorization(AuthSetup.Designers)
            .WithSummary("Deletes a draft version (the newest when ?version is omitted); published versions stay.");
        group.MapPost("/{definitionId}/instances", Start).AddEndpointFilter<IdempotencyFilter>()
            .WithSummary("Starts the newest published version with { input, correlationId }; 201 with the instance, its bookmarks and tasks.");
    }

    private static async Task<IResult> Validate(HttpRequest request, WorkflowCompiler compiler)
    {
        var (definition, problem) = await JsonBody.ReadAsync<WorkflowDefinition>(request);
        if (problem is not null) return problem;
        var problems = compiler.Validate(definition! with { Version = Math.Max(1, definition!.Version) });
        return Results.Ok(new { valid = problems.Count == 0, problems });
    }

    private static async Task<IResult> Get(string definitionId, int? version, WorkflowDefinitionStore store, HttpContext http, CancellationToken ct)
    {
        var found = await store.GetVersionAsync(definitionId, version, ct);
        if (found is null) return Problems.NotFound(version is null ? $"No workflow '{definitionId}'." : $"Workflow '{definitionId}' has no version {version}.");
        http.Response.Headers.ETag = $"\"{found.Record.Revision}\"";
        return Results.Ok(Envelope(found));
    }

    private static async Task<IResult> SaveDraft(string definitionId, HttpRequest request, WorkflowDefinitionStore store,
        HttpContext http, CancellationToken ct)
    {
        var (definition, problem) = await JsonBody.ReadAsync<WorkflowDefinition>(request);
        if (problem is not null) return problem;
        if (string.IsNullOrEmpty(definition!.DefinitionId)) definition = definition with { DefinitionId = definitionId };
        if (definition.DefinitionId != definitionId)
            return Problems.Invalid("$.definitionId", $"The body is '{definition.DefinitionId}' but the URL says '{definitionId}'.");
        int? expected = null;
        if (request.Headers.IfMatch.ToString() is { Length: > 0 } ifMatch)
        {
            if (!int.TryParse(ifMatch.Trim('"', 'W', '/'), out var revision))
                return Results.Problem(detail: $"If-Match must be the revision in quotes, e.g. \"3\"; got {ifMatch}.", statusCode: 400, title: "Bad If-Match header.");
            expected = revision;
        }
        var saved = await store.SaveDraftAsync(definition, expected, http.User.Identity?.Name, ct);
        var found = (await store.GetVersionAsync(definitionId, saved.Version, ct))!;
        http.Response.Headers.ETag = $"\"{found.Record.Revision}\"";
        return Results.Ok(Envelope(found));
    }

    private static async Task<IResult> Publish(string definitionId, int? version, WorkflowDefinitionStore store, HttpContext http, CancellationToken ct)
    {
        var published = await store.PublishAsync(definitionId, version, http.User.Identity?.Name, ct);
        return Results.Ok(new { published.DefinitionId, published.Version, alreadyPublished = !published.Created });
    }

    private static async Task<IResult> Versions(string definitionId, WorkflowDefinitionStore store, CancellationToken ct)
    {
        var versions = await store.ListVersionsAsync(definitionId, ct);
        return versions.Count == 0
            ? Problems.NotFound($"No workflow '{definitionId}'.")
            : Results.Ok(versions.Select(v => new
            {
                v.Version, status = v.IsPublished ? "published" : "draft", v.Name, v.SavedAt, v.SavedBy, v.PublishedAt, v.PublishedBy,
                isLatest = v.IsLatest, isLatestPublished = v.IsLatestPublished,
            }));
    }

    private static async Task<IResult> Delete(string definitionId, int? version, WorkflowDefinitionStore store, CancellationToken ct)
    {
        await store.DeleteDraftAsync(definitionId, version, ct);
        return Results.NoContent();
    }

    private static async Task<IResult> Start(string definitionId, HttpRequest request, WorkflowRuntime runtime, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<StartRequest>(request, optional: true);
        if (problem is not null) return problem;
        if (body?.CorrelationId is { Length: > 200 }) return Problems.Invalid("$.correlationId", "The correlation id is at most 200 characters.");
        var snapshot = await runtime.StartAsync(definitionId, body?.Input, new StartOptions { CorrelationId = body?.CorrelationId }, ct);
        return Results.Created($"/api/instances/{snapshot.InstanceId}", InstanceDto.From(snapshot));
    }

    private static object Envelope(DefinitionVersion found)
    {
        var record = found.Record;
        return new
        {
            definition = found.Definition,
            record.Version,
            status = record.IsPublished ? "published" : "draft",
            record.Revision,
            record.SavedAt,
            record.SavedBy,
            record.PublishedAt,
            problems = found.Problems,
        };
    }
}
