using System.Text.Json;
using CrmWorkflow.Crm.Features.Query;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Engine.Model;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Api;

/// <summary>/api/query: ad-hoc questions about customers, as JSON or a CSV export.</summary>
public static class QueryEndpoints
{
    public static void MapQuery(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/query", Post).WithTags("Customers")
            .WithSummary("Filters on customer fields and scores ({ filters: [{ field, op, value }], sort, fields, page, pageSize, groupBy, aggregate, aggregateField }); ?format=csv exports every matching row.");
        // A link can download it: the same query, as JSON in ?q=.
        app.MapGet("/api/query", Get).WithTags("Customers")
            .WithSummary("The same query passed as JSON in ?q= (e.g. a download link); ?format=csv exports every matching row.");
    }

    private static async Task<IResult> Post(HttpRequest request, HttpContext http, UserManager<AppUser> users, AdHocQueryHandler handler,
        string? format, CancellationToken ct)
    {
        var (query, problem) = await JsonBody.ReadAsync<AdHocQuery>(request);
        return problem ?? await RunAsync(query!, format, http, users, handler, ct);
    }

    private static async Task<IResult> Get(string? q, string? format, HttpContext http, UserManager<AppUser> users, AdHocQueryHandler handler,
        CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(q)) return Problems.Invalid("q", "q is the query as JSON, e.g. {\"groupBy\":\"tier\"}.");
        AdHocQuery? query;
        try
        {
            query = JsonSerializer.Deserialize<AdHocQuery>(q, JsonBody.Options);
        }
        catch (JsonException ex)
        {
            return Problems.Invalid("q" + (ex.Path ?? "$")[1..], DefinitionJson.Describe(ex));
        }
        return query is null ? Problems.Invalid("q", "q is null; expected a JSON object.") : await RunAsync(query, format, http, users, handler, ct);
    }

    private static async Task<IResult> RunAsync(AdHocQuery query, string? format, HttpContext http, UserManager<AppUser> users,
        AdHocQueryHandler handler, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv")) return Problems.Invalid("format", "format is json (default) or csv.");
        if (AdHocQueryHandler.Validate(query) is { Count: > 0 } problems) return Problems.Validation(problems, "The query is invalid.");
        var access = await CustomerEndpoints.AccessAsync(http, users);
        var result = await handler.HandleAsync(query, access, export: format == "csv", ct);
        return format == "csv"
            ? Csv.File("customers.csv", result.Fields, result.Rows.Select(row => result.Fields.Select(f => row[f])))
            : Results.Ok(new { fields = result.Fields, rows = result.Rows, result.Total, page = result.Page, result.PageSize });
    }
}
