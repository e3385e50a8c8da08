using System.Security.Claims;
using CrmWorkflow.Crm.Features.Notifications;
using CrmWorkflow.Crm.Features.Tasks;

namespace CrmWorkflow.Web.Api;

/// <summary>The signed-in user's in-app messages: list, unread count, mark read.</summary>
public static class NotificationEndpoints
{
    public static void MapNotifications(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notifications").WithTags("Notifications");
        group.MapGet("/", List).WithSummary(
            "My in-app messages (addressed to my sign-in id, email or client-manager id), newest first: { items, unread }. unread=true lists only unread ones; take 1-200 (50).");
        group.MapPost("/{id}/read", Read).WithSummary("Marks one of my messages read (again: no change).");
        group.MapPost("/read-all", ReadAll).WithSummary("Marks all my messages read: { marked }.");
    }

    private static async Task<IResult> List(ClaimsPrincipal user, TaskViewers viewers, InAppNotifications notifications, bool? unread, int? take, CancellationToken ct)
    {
        if (take is < 1 or > InAppNotifications.MaxTake)
            return Problems.Invalid("take", $"take is between 1 and {InAppNotifications.MaxTake}.");
        var viewer = await viewers.ForAsync(user, ct);
        return Results.Ok(await notifications.ListAsync(InAppNotifications.NamesOf(viewer), unread ?? false, take ?? InAppNotifications.DefaultTake, ct));
    }

    private static async Task<IResult> Read(string id, ClaimsPrincipal user, TaskViewers viewers, InAppNotifications notifications, CancellationToken ct)
    {
        var viewer = await viewers.ForAsync(user, ct);
        return await notifications.MarkReadAsync(InAppNotifications.NamesOf(viewer), id, ct)
            ? Results.NoContent()
            : Problems.NotFound($"You have no message {id}.");
    }

    private static async Task<IResult> ReadAll(ClaimsPrincipal user, TaskViewers viewers, InAppNotifications notifications, CancellationToken ct)
    {
        var viewer = await viewers.ForAsync(user, ct);
        return Results.Ok(new { marked = await notifications.MarkAllReadAsync(InAppNotifications.NamesOf(viewer), ct) });
    }
}
