using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;

namespace CrmWorkflow.Crm.Features.Notifications;

/// <summary>A message to render and queue.</summary>
public sealed record MessageRequest(string Template, MessageChannel Channel, string Recipient, object? Model)
{
    public string? RecipientName { get; init; }
    public string? RelatedType { get; init; }
    public string? RelatedId { get; init; }
    public string? InstanceId { get; init; }
}

/// <summary>
/// Renders a template and puts the message in the outbox of the caller's unit of work, so the
/// message is committed with (and only with) the change that caused it.
/// </summary>
public sealed class Notifier(TemplateRenderer templates, TimeProvider clock)
{
    /// <summary>Queues a message; the caller's SaveChanges commits it.</summary>
    public OutboundMessage Queue(CrmDbContext db, MessageRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Recipient))
            throw new ArgumentException($"Message '{request.Template}' has no recipient.", nameof(request));
        var rendered = templates.Render(request.Template, request.Model);
        var now = clock.GetUtcNow();
        var message = new OutboundMessage
        {
            Id = Guid.CreateVersion7(now).ToString("N"),
            Channel = request.Channel,
            Recipient = Cut(request.Recipient.Trim(), 200),
            RecipientName = request.RecipientName is null ? null : Cut(request.RecipientName, 200),
            Subject = Cut(rendered.Subject ?? request.Template, 300),
            Body = rendered.Body,
            IsHtml = rendered.IsHtml,
            Template = request.Template,
            RelatedType = request.RelatedType,
            RelatedId = request.RelatedId,
            InstanceId = request.InstanceId,
            Status = MessageStatus.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
        };
        db.OutboundMessages.Add(message);
        return message;
    }

    private static string Cut(string s, int max) => s.Length <= max ? s : s[..max];
}
