using System.Text;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Web.Designer;

namespace CrmWorkflow.Web.Api;

/// <summary>Moving definitions between installations: export a version as a file, import a file as a draft.</summary>
public static class WorkflowTransferEndpoints
{
    public static void MapWorkflowTransfer(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/workflows").WithTags("Workflows").RequireAuthorization(AuthSetup.Designers);
        group.MapGet("/{definitionId}/versions/{version}/export", Export)
            .WithSummary("A version as a JSON file download (the definition document only, as PUT and import accept it).");
        group.MapPost("/import", Import)
            .WithSummary("Saves a definition document as a draft (a new definition, or a new or replaced draft of an existing one); never publishes.");
    }

    private static async Task<IResult> Export(string definitionId, string version, WorkflowDefinitionStore store, CancellationToken ct)
    {
        // A version that is not a number cannot exist: the same 404 as a missing one.
        var found = int.TryParse(version, out var n) ? await store.GetAsync(definitionId, n, ct) : null;
        if (found is null) return Problems.NotFound($"Workflow '{definitionId}' has no version {version}.");
        var bytes = Encoding.UTF8.GetBytes(DefinitionJson.Serialize(found));
        return Results.File(bytes, "application/json", $"{definitionId}-v{n}.json");
    }

    private static async Task<IResult> Import(HttpRequest request, DefinitionImport import, HttpContext http, CancellationToken ct)
    {
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return Results.Problem(detail: $"Send the file's JSON (Content-Type: application/json), not '{type}'.", statusCode: 415, title: "Unsupported media type.");
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var json = await reader.ReadToEndAsync(ct);
        if (string.IsNullOrWhiteSpace(json)) return Problems.Invalid("$", "A JSON body is required: the definition document.");
        var preview = await import.PreviewAsync(json, ct);
        if (!preview.CanSave) return Problems.Validation(preview.FileProblems, "The file is not a workflow definition.");
        var saved = await import.SaveAsync(preview, http.User.Identity?.Name, ct);
        return Results.Ok(new
        {
            saved.DefinitionId, saved.Version, status = "draft", saved.Revision,
            outcome = preview.Outcome.ToString(), summary = preview.Summary, problems = saved.Problems,
        });
    }
}
