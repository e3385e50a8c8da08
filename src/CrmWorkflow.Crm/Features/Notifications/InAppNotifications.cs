using System.Net;
using System.Text.RegularExpressions;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Notifications;

/// <summary>One in-app message as its recipient sees it; <see cref="Link"/> opens the record it is about.</summary>
public sealed record InAppNotice(string Id, string Subject, string Text, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt,
    string? RelatedType, string? RelatedId, string? Link);

/// <summary>A page of a recipient's in-app messages, newest first, and how many are unread in all.</summary>
public sealed record InAppPage(IReadOnlyList<InAppNotice> Items, int Unread);

/// <summary>
/// The in-app messages workflows queue (<c>crm.notify</c> with channel inApp, manager notices):
/// a signed-in user sees those addressed to any of their names (sign-in id, email, client-manager
/// id), newest first, and marks them read. Nobody sees another person's.
/// </summary>
public sealed partial class InAppNotifications(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    public const int DefaultTake = 50;
    public const int MaxTake = 200;

    /// <summary>Every name a user's in-app messages may be addressed by: sign-in id, sign-in name, email, client-manager id.</summary>
    public static IReadOnlyCollection<string> NamesOf(CrmWorkflow.Engine.Persistence.TaskViewer viewer) =>
        viewer.UserNames.Append(viewer.UserId).Where(n => !string.IsNullOrEmpty(n)).Distinct().ToList();

    public async Task<InAppPage> ListAsync(IReadOnlyCollection<string> names, bool unreadOnly, int take, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var mine = Mine(db, names);
        var rows = await (unreadOnly ? mine.Where(m => m.ReadAt == null) : mine)
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id).Take(Math.Clamp(take, 1, MaxTake)).ToListAsync(ct);
        var unread = await mine.CountAsync(m => m.ReadAt == null, ct);
        return new InAppPage(rows.Select(ToNotice).ToList(), unread);
    }

    /// <summary>Unread in-app messages for these names (the header's bell).</summary>
    public async Task<int> UnreadAsync(IReadOnlyCollection<string> names, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await Mine(db, names).CountAsync(m => m.ReadAt == null, ct);
    }

    /// <summary>Marks one message read; false when there is no such message for these names. Reading it again changes nothing.</summary>
    public async Task<bool> MarkReadAsync(IReadOnlyCollection<string> names, string id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        var message = Mine(db, names).Where(m => m.Id == id);
        // Unread: one statement; read already (or not mine): a second look tells which.
        return await message.Where(m => m.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now), ct) == 1
               || await message.AnyAsync(ct);
    }

    /// <summary>Marks every unread message for these names read; returns how many.</summary>
    public async Task<int> MarkAllReadAsync(IReadOnlyCollection<string> names, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var now = clock.GetUtcNow();
        return await Mine(db, names).Where(m => m.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, now), ct);
    }

    /// <summary>The in-app messages addressed to any of <paramref name="names"/> (one filtered index serves it).</summary>
    public static IQueryable<OutboundMessage> Mine(CrmDbContext db, IReadOnlyCollection<string> names) =>
        db.OutboundMessages.AsNoTracking().Where(m => m.Channel == MessageChannel.InApp && names.Contains(m.Recipient));

    private static InAppNotice ToNotice(OutboundMessage m) => new(m.Id, m.Subject, m.IsHtml ? TextOf(m.Body) : m.Body, m.CreatedAt, m.ReadAt,
        m.RelatedType, m.RelatedId, LinkTo(m.RelatedType, m.RelatedId));

    /// <summary>The page of the record a message is about, when the app has one.</summary>
    public static string? LinkTo(string? type, string? id) => long.TryParse(id, out var key) ? type switch
    {
        "Lead" => $"leads/{key}",
        "Complaint" => $"complaints/{key}",
        "Customer" => $"customers/{key}",
        "RolloutProject" => $"rollouts/{key}",
        _ => null,
    } : null;

    /// <summary>An HTML body shown as text: styles and scripts dropped, tags dropped, entities decoded, blank runs collapsed.</summary>
    public static string TextOf(string html) =>
        Blank().Replace(WebUtility.HtmlDecode(Tags().Replace(Block().Replace(Hidden().Replace(html, ""), "\n"), "")), "\n\n").Trim();

    [GeneratedRegex(@"<(style|script|head)\b.*?</\1\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Hidden();

    [GeneratedRegex(@"<\s*(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex Block();

    [GeneratedRegex(@"<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\n\s*\n\s*")]
    private static partial Regex Blank();
}
