using System.Globalization;
using System.Text;
using CrmWorkflow.Crm.Features.Query;
using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Api;

/// <summary>POST /api/query: ad-hoc questions about customers, as JSON or a CSV export.</summary>
public static class QueryEndpoints
{
    public static void MapQuery(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/query", Run).WithTags("Customers")
            .WithSummary("Filters on customer fields and scores ({ filters: [{ field, op, value }], sort, fields, page, pageSize }); ?format=csv exports every matching row.");

    private static async Task<IResult> Run(HttpRequest request, HttpContext http, UserManager<AppUser> users, AdHocQueryHandler handler,
        string? format, CancellationToken ct)
    {
        if (format is not (null or "json" or "csv")) return Problems.Invalid("format", "format is json (default) or csv.");
        var (query, problem) = await JsonBody.ReadAsync<AdHocQuery>(request);
        if (problem is not null) return problem;
        if (AdHocQueryHandler.Validate(query!) is { Count: > 0 } problems) return Problems.Validation(problems, "The query is invalid.");
        var access = await CustomerEndpoints.AccessAsync(http, users);
        var result = await handler.HandleAsync(query!, access, export: format == "csv", ct);
        if (format != "csv")
            return Results.Ok(new { fields = result.Fields, rows = result.Rows, result.Total, page = result.Page, result.PageSize });
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", result.Fields));
        foreach (var row in result.Rows)
            csv.AppendLine(string.Join(",", result.Fields.Select(f => Cell(row[f]))));
        return Results.File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray(), "text/csv", "customers.csv");
    }

    // RFC 4180: quote when needed; a leading = + - @ is neutralised so spreadsheets do not run it.
    private static string Cell(object? value)
    {
        var text = value switch
        {
            null => "",
            DateTimeOffset d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
        if (text.Length > 0 && "=+-@".Contains(text[0]) && value is string) text = "'" + text;
        return text.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + text.Replace("\"", "\"\"") + "\"" : text;
    }
}
