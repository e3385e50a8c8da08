using System.Text.Json;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Web.Api;

/// <summary>
/// Reads a JSON request body with errors that say where the problem is (JSON path, line and
/// column) instead of the framework's generic binding failure.
/// </summary>
public static class JsonBody
{
    /// <summary>Options for request and response bodies: camelCase, comments allowed, unknown members refused.</summary>
    public static readonly JsonSerializerOptions Options = new(DefinitionJson.Options) { WriteIndented = false };

    /// <summary>The parsed body, or a 4xx problem to return.</summary>
    public static async Task<(T? Value, IResult? Problem)> ReadAsync<T>(HttpRequest request, bool optional = false) where T : class
    {
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.Headers.ContainsKey("Transfer-Encoding")))
            return optional ? (null, null) : (null, Problems.Invalid("$", "A JSON body is required."));
        if (request.ContentType is { } type && !type.Contains("json", StringComparison.OrdinalIgnoreCase))
            return (null, Results.Problem(detail: $"Send JSON (Content-Type: application/json), not '{type}'.", statusCode: 415, title: "Unsupported media type."));
        try
        {
            var value = await JsonSerializer.DeserializeAsync<T>(request.Body, Options, request.HttpContext.RequestAborted);
            return value is null ? (null, Problems.Invalid("$", "The body is null; expected a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problems.Invalid(ex.Path ?? "$", DefinitionJson.Describe(ex)));
        }
    }
}
