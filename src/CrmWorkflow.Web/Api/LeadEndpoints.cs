using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Crm.Features.Leads;
using CrmWorkflow.Crm.Identity;
using Microsoft.AspNetCore.Identity;

namespace CrmWorkflow.Web.Api;

/// <summary>Leads: capture from any channel (routing runs at once) and the routing explanation.</summary>
public static class LeadEndpoints
{
    public static void MapLeads(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/leads").WithTags("Leads");
        group.MapPost("/", Create).WithSummary("Stores a lead and raises lead.created; the lead-routing workflow assigns it before the answer comes back.");
        group.MapGet("/{id:long}", Get).WithSummary("A lead with its assignment and the routing explanation (rule, candidates and why). Client managers see their own leads.");
        group.MapGet("/", List).WithSummary("Leads, newest first; filter by manager, queue or status. Client managers see their own leads.");
        group.MapPost("/{id:long}/contacts", LogContact).WithSummary(
            "Logs a contact { channel, summary, outcome: reached|notReached, direction }; the first reached contact sets contactedAt and completes the first-contact task (no reroute).");
        group.MapGet("/{id:long}/contacts", Contacts).WithSummary("The lead's logged contacts, newest first, and the customer record they are kept on.");
    }

    private static async Task<IResult> Create(HttpRequest request, CreateLeadHandler create, GetLeadHandler get, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<CreateLeadCommand>(request);
        if (problem is not null) return problem;
        var result = await create.HandleAsync(body!, ct);
        if (result.Problems.Count > 0) return Problems.Validation(result.Problems);
        var view = result.View ?? await get.GetAsync(result.LeadId!.Value, LeadAccess.All, ct);
        return Results.Created($"/api/leads/{result.LeadId}", view);
    }

    private static async Task<IResult> Get(long id, HttpContext http, UserManager<AppUser> users, GetLeadHandler handler, CancellationToken ct) =>
        await handler.GetAsync(id, await AccessAsync(http, users), ct) is { } view
            ? Results.Ok(view)
            : Problems.NotFound($"No lead {id} that you can see.");

    private static async Task<IResult> List(HttpContext http, UserManager<AppUser> users, GetLeadHandler handler,
        string? managerId, string? queue, string? status, int? page, int? pageSize, CancellationToken ct)
    {
        if (Paging.Check(page, pageSize) is { } problem) return problem;
        LeadStatus? parsed = null;
        if (status is not null)
        {
            if (!Enum.TryParse<LeadStatus>(status, true, out var s) || int.TryParse(status, out _))
                return Problems.Invalid("status", $"'{status}' is not a lead status; use one of {string.Join(", ", Enum.GetNames<LeadStatus>())}.");
            parsed = s;
        }
        var (items, total) = await handler.ListAsync(new LeadFilter(managerId, queue, parsed), await AccessAsync(http, users),
            page ?? 1, pageSize ?? Paging.DefaultSize, ct);
        return Results.Ok(new { items, total, page = page ?? 1, pageSize = pageSize ?? Paging.DefaultSize });
    }

    private static async Task<IResult> LogContact(long id, HttpRequest request, HttpContext http, UserManager<AppUser> users,
        LogLeadContactHandler handler, CancellationToken ct)
    {
        var (body, problem) = await JsonBody.ReadAsync<LogContactCommand>(request);
        if (problem is not null) return problem;
        var result = await handler.HandleAsync(id, await AccessAsync(http, users), body!, await AuthorAsync(http.User, users), ct);
        return result.Status switch
        {
            LogContactStatus.Invalid => Problems.Validation(result.Problems),
            LogContactStatus.NotFound => Problems.NotFound($"No lead {id} that you can see."),
            _ => Results.Created($"/api/leads/{id}/contacts",
                new { interactionId = result.InteractionId, customerId = result.CustomerId, firstContact = result.FirstContact, note = result.Note }),
        };
    }

    private static async Task<IResult> Contacts(long id, HttpContext http, UserManager<AppUser> users, GetLeadContactsHandler handler, CancellationToken ct) =>
        await handler.HandleAsync(id, await AccessAsync(http, users), ct) is { } contacts
            ? Results.Ok(contacts)
            : Problems.NotFound($"No lead {id} that you can see.");

    /// <summary>Who logs a contact (API request or UI circuit): their client-manager id, if any, and name.</summary>
    public static async Task<ContactAuthor> AuthorAsync(System.Security.Claims.ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        var user = await users.GetUserAsync(principal);
        return new ContactAuthor(user?.ClientManagerId, principal.Identity?.Name ?? user?.Email ?? "unknown");
    }

    private static Task<LeadAccess> AccessAsync(HttpContext http, UserManager<AppUser> users) => AccessAsync(http.User, users);

    /// <summary>Which leads a signed-in user may see (API request or UI circuit): a client manager only those assigned to them.</summary>
    public static async Task<LeadAccess> AccessAsync(System.Security.Claims.ClaimsPrincipal principal, UserManager<AppUser> users)
    {
        if (principal.IsInRole(Roles.Admin) || principal.IsInRole(Roles.Analyst)) return LeadAccess.All;
        var user = await users.GetUserAsync(principal);
        return new LeadAccess(user?.ClientManagerId ?? "(none)");
    }
}
