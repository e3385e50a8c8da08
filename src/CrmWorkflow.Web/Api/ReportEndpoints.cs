using CrmWorkflow.Crm.Features.Reports;
using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Api;

/// <summary>GET /api/reports and /api/reports/{name}.</summary>
public static class ReportEndpoints
{
    public static void MapReports(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/reports").WithTags("Customers");
        group.MapGet("/", () => CustomerReports.Catalogue.Select(r => new { name = r.Key, title = r.Value }))
            .WithSummary("The customer-oriented reports of the methodology's first phase.");
        group.MapGet("/{name}", async (string name, HttpContext http, UserManager<AppUser> users, CustomerReports reports, CancellationToken ct) =>
                await reports.RunAsync(name, await CustomerEndpoints.AccessAsync(http, users), ct) is { } report
                    ? Results.Ok(report)
                    : Problems.NotFound($"No report '{name}'; reports are {string.Join(", ", CustomerReports.Catalogue.Keys)}."))
            .WithSummary("Runs a report: its columns and rows (a client manager's reports cover their customers).");
    }
}
