using System.Net.Http.Json;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Activities.Core;
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
/// Routes each message: email over SMTP when a server is configured, SMS to the HTTP gateway when
/// one is configured, in-app messages need no delivery (the app shows them from the outbox),
/// everything else goes to the pickup folder.
/// </summary>
public sealed class MessageTransport(IOptions<MessagingOptions> options, IOptions<HttpActivityOptions> http, IHttpClientFactory clients) : IMessageTransport
{
    /// <summary>Name of the HttpClient the SMS gateway is called with.</summary>
    public const string SmsClient = "sms-gateway";

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
            case MessageChannel.Sms when !string.IsNullOrWhiteSpace(o.Sms.Url):
                await SendSmsAsync(message, o.Sms, ct);
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

    /// <summary>
    /// Why the gateway URL cannot be used (not an absolute http(s) URL, or its host not on the
    /// outbound allow-list); null when it can. Checked at start-up and before every send.
    /// </summary>
    public static string? SmsGatewayProblem(SmsGatewayOptions sms, HttpActivityOptions http) =>
        !Uri.TryCreate(sms.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            ? $"Messaging:Sms:Url '{sms.Url}' is not an absolute http(s) URL."
            : !http.IsAllowed(uri.Host)
                ? $"The SMS gateway's host '{uri.Host}' is not on the outbound HTTP allow-list (Workflow:Http:AllowedHosts); no SMS is sent to it."
                : null;

    // Server to server: '+' and accented letters as they are, not as \u escapes meant for HTML pages.
    private static readonly System.Text.Json.JsonSerializerOptions GatewayJson =
        new(System.Text.Json.JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private async Task SendSmsAsync(OutboundMessage message, SmsGatewayOptions sms, CancellationToken ct)
    {
        if (SmsGatewayProblem(sms, http.Value) is { } problem) throw new HostNotAllowedException(problem);
        using var request = new HttpRequestMessage(HttpMethod.Post, sms.Url)
        {
            Content = JsonContent.Create(new { to = message.Recipient, from = sms.From, text = message.Body, reference = message.Id }, options: GatewayJson),
        };
        request.Headers.Add("Idempotency-Key", message.Id);
        if (!string.IsNullOrEmpty(sms.ApiKey)) request.Headers.Authorization = new("Bearer", sms.ApiKey);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(sms.Timeout);
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(SmsClient).SendAsync(request, timeout.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The SMS gateway did not answer within {sms.Timeout.TotalSeconds:0.#} s (Messaging:Sms:Timeout).");
        }
        using var _ = response;
        if (response.IsSuccessStatusCode) return;
        var body = await response.Content.ReadAsStringAsync(timeout.Token);
        throw new HttpRequestException(
            $"The SMS gateway answered {(int)response.StatusCode} {response.ReasonPhrase}: {(body.Length > 300 ? body[..300] + "..." : body)}", null, response.StatusCode);
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

/// <summary>Refuses to start with an SMS gateway that could never be used (see <see cref="MessageTransport.SmsGatewayProblem"/>).</summary>
public sealed class SmsGatewayValidation(IOptions<HttpActivityOptions> http) : IValidateOptions<MessagingOptions>
{
    public ValidateOptionsResult Validate(string? name, MessagingOptions options) =>
        string.IsNullOrWhiteSpace(options.Sms.Url) || MessageTransport.SmsGatewayProblem(options.Sms, http.Value) is not { } problem
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problem);
}
