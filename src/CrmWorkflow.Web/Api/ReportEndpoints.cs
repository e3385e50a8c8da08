using CrmWorkflow.Crm.Features.Reports;
using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Api;

/// <summary>GET /api/reports and /api/reports/{name} (as JSON or a CSV download).</summary>
public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("Customers");
        group.MapGet("/", () => CustomerReports.Catalogue.Select(r => new { name = r.Key, title = r.Value }))
            .WithSummary("The customer-oriented reports of the methodology's first phase.");
        group.MapGet("/{name}", Run)
            .WithSummary("Runs a report: its columns and rows (a client manager's reports cover their customers); ?format=csv downloads it.");
    }

    private static async Task<IResult> Run(string name, string? format, HttpContext http, UserManager<AppUser> users, CustomerReports reports,
        CancellationToken ct)
    {
        if (format is not (null or "json" or "csv")) return Problems.Invalid("format", "format is json (default) or csv.");
        if (await reports.RunAsync(name, await CustomerEndpoints.AccessAsync(http, users), ct) is not { } report)
            return Problems.NotFound($"No report '{name}'; reports are {string.Join(", ", CustomerReports.Catalogue.Keys)}.");
        return format == "csv" ? Csv.File($"{report.Name}.csv", report.Columns, report.Rows) : Results.Ok(report);
    }
}
