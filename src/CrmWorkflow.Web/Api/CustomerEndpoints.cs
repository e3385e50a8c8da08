using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Api;

/// <summary>Customers: search and the 360 view (client managers are in <see cref="ManagerEndpoints"/>).</summary>
public static class CustomerEndpoints
{
    public static void MapCustomers(this IEndpointRouteBuilder app)
    {
        var customers = app.MapGroup("/api/customers").WithTags("Customers");
        customers.MapGet("/", Search).WithSummary("Search by q (a customer number, email or name prefix), name prefix, region, industry, tier, key account or manager; paged. Client managers see the customers they serve.");
        customers.MapGet("/{id:long}", Get).WithSummary("The 360 view: profile, contacts, scores, assignment history (with manager names), interactions, complaints, opportunities, purchases (per channel, per month).");
        customers.MapPost("/{id:long}/contacts", LogContact).WithSummary("Logs a contact { channel, summary, outcome: reached|notReached, direction } on the customer's timeline.");
    }

    /// <summary>A client manager sees only the customers they serve; other roles see all.</summary>
    public static Task<CustomerAccess> AccessAsync(HttpContext http, UserManager<AppUser> users) => AccessAsync(http.User, users);

    /// <summary>The same for a signed-in principal (API request or UI circuit).</summary>
    public static async Task<CustomerAccess> AccessAsync(System.Security.Claims.ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        if (principal.IsInRole(Roles.Admin) || principal.IsInRole(Roles.Analyst) || principal.IsInRole(Roles.Consultant)) return CustomerAccess.All;
        var user = await users.GetUserAsync(principal);
        return CustomerAccess.ServedBy(user?.ClientManagerId ?? "(none)");
    }

    private static async Task<IResult> Search(HttpContext http, UserManager<AppUser> users, SearchCustomersHandler handler,
        string? name, string? region, string? industry, string? tier, bool? keyAccount, string? managerId, int? page, int? pageSize,
        string? q, CancellationToken ct)
    {
        CustomerTier? parsedTier = null;
        if (tier is not null)
        {
            if (!Enum.TryParse<CustomerTier>(tier, true, out var t) || int.TryParse(tier, out _))
                return Problems.Invalid("tier", $"'{tier}' is not a tier; use one of {string.Join(", ", Enum.GetNames<CustomerTier>())}.");
            parsedTier = t;
        }
        var query = new SearchCustomers(name, region, industry, parsedTier, keyAccount, managerId, page ?? 1, pageSize ?? Paging.DefaultSize, q);
        if (query.Validate() is { Count: > 0 } problems) return Problems.Validation(problems);
        var result = await handler.HandleAsync(query, await AccessAsync(http, users), ct);
        return Results.Ok(new { items = result.Items, result.Total, page = result.PageNumber, result.PageSize });
    }

    private static async Task<IResult> Get(long id, HttpContext http, UserManager<AppUser> users, GetCustomer360Handler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, await AccessAsync(http, users), ct) is { } view
            ? Results.Ok(view)
            : Problems.NotFound($"No customer {id} that you can see.");

    private static async Task<IResult> LogContact(long id, HttpRequest request, HttpContext http, UserManager<AppUser> users,
        LogCustomerContactHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<LogContactCommand>(request);
        if (problem is not null) return problem;
        var result = await handler.HandleAsync(id, await AccessAsync(http, users), body!, await LeadEndpoints.AuthorAsync(http.User, users), ct);
        return result.Status switch
        {
            LogContactStatus.Invalid => Problems.Validation(result.Problems),
            LogContactStatus.NotFound => Problems.NotFound($"No customer {id} that you can see."),
            _ => Results.Created($"/api/customers/{id}", new { interactionId = result.InteractionId, customerId = id }),
        };
    }
}
