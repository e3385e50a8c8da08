using CrmWorkflow.Crm.Domain;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace CrmWorkflow.Crm.Features.Notifications;

/// <summary>Delivers one message; throws when it could not (the sender retries).</summary>
public interface IMessageTransport
{
    /// <summary>Sends the message. Sending the same message again must be harmless (same Message-Id, same file).</summary>
    Task SendAsync(OutboundMessage message, CancellationToken ct);
}

/// <summary>
/// Routes each message: email over SMTP when a server is configured, in-app messages need no
/// delivery (the app shows them from the outbox), everything else goes to the pickup folder.
/// </summary>
public sealed class MessageTransport(IOptions<MessagingOptions> options) : IMessageTransport
{
    /// <inheritdoc />
    public async Task SendAsync(OutboundMessage message, CancellationToken ct)
    {
        var o = options.Value;
        switch (message.Channel)
        {
            case MessageChannel.InApp:
                return;
            case MessageChannel.Email when !string.IsNullOrWhiteSpace(o.Smtp.Host):
                await SendSmtpAsync(ToMime(message, o), o.Smtp, ct);
                return;
            default:
                await WritePickupAsync(message, o, ct);
                return;
        }
    }

    /// <summary>The MIME message for an email; its Message-Id is the outbox id.</summary>
    public static MimeMessage ToMime(OutboundMessage message, MessagingOptions o)
    {
        var mime = new MimeMessage { Subject = message.Subject, MessageId = $"{message.Id}@crmworkflow", Date = message.CreatedAt };
        mime.From.Add(MailboxAddress.Parse(o.From));
        mime.To.Add(new MailboxAddress(message.RecipientName ?? "", message.Recipient));
        mime.Body = new TextPart(message.IsHtml ? "html" : "plain") { Text = message.Body };
        return mime;
    }

    private static async Task SendSmtpAsync(MimeMessage mime, SmtpOptions smtp, CancellationToken ct)
    {
        using var client = new SmtpClient { Timeout = (int)smtp.Timeout.TotalMilliseconds };
        await client.ConnectAsync(smtp.Host!, smtp.Port, smtp.UseTls ? SecureSocketOptions.StartTlsWhenAvailable : SecureSocketOptions.None, ct);
        if (!string.IsNullOrEmpty(smtp.User)) await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", ct);
        await client.SendAsync(mime, ct);
        await client.DisconnectAsync(true, ct);
    }

    // One file per message, named by its id and written atomically: a repeat overwrites the same file.
    private static async Task WritePickupAsync(OutboundMessage message, MessagingOptions o, CancellationToken ct)
    {
        var folder = Path.Combine(o.PickupFolder, message.Channel.ToString().ToLowerInvariant());
        Directory.CreateDirectory(folder);
        var extension = message.Channel == MessageChannel.Email ? "eml" : "txt";
        var path = Path.Combine(folder, $"{message.Id}.{extension}");
        var temp = path + ".tmp";
        if (message.Channel == MessageChannel.Email)
        {
            await using var stream = File.Create(temp);
            await ToMime(message, o).WriteToAsync(stream, ct);
        }
        else
        {
            await File.WriteAllTextAsync(temp, $"To: {message.Recipient}\n\n{message.Body}", ct);
        }
        File.Move(temp, path, overwrite: true);
    }
}
