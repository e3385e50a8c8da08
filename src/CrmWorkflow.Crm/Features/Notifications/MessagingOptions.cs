namespace CrmWorkflow.Crm.Features.Notifications;

/// <summary>How queued messages are delivered (section <c>Messaging</c>).</summary>
public sealed class MessagingOptions
{
    /// <summary>Folder (relative to the content root) that receives messages when no SMTP server is configured.</summary>
    public string PickupFolder { get; set; } = "data/outbox";

    /// <summary>Sender address of emails.</summary>
    public string From { get; set; } = "CrmWorkflow <noreply@crmworkflow.local>";

    /// <summary>SMTP delivery; used for email when <see cref="SmtpOptions.Host"/> is set.</summary>
    public SmtpOptions Smtp { get; set; } = new();

    /// <summary>An HTTP SMS gateway; used for SMS when <see cref="SmsGatewayOptions.Url"/> is set.</summary>
    public SmsGatewayOptions Sms { get; set; } = new();

    /// <summary>Give up (status Failed) after this many attempts.</summary>
    public int MaxAttempts { get; set; } = 8;

    /// <summary>Wait before the first retry; doubles with each failure, capped at <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between retries.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the sender looks for due messages.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Messages claimed per round.</summary>
    public int BatchSize { get; set; } = 50;

    /// <summary>How long a claim lasts; a message claimed by a host that died is retried after it.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);
}

/// <summary>An SMTP server (MailKit).</summary>
public sealed class SmtpOptions
{
    /// <summary>Host name; empty means no SMTP (the pickup folder is used).</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    /// <summary>StartTLS when the server offers it; false for a plain local relay.</summary>
    public bool UseTls { get; set; } = true;
    public string? User { get; set; }
    public string? Password { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// An SMS gateway that takes a message as JSON over HTTP (section <c>Messaging:Sms</c>):
/// <c>POST {Url}</c> with <c>{ "to", "from", "text", "reference" }</c>, the outbox id as
/// <c>Idempotency-Key</c> (a retry after a lost answer is not sent twice by a gateway that honours
/// it), and <c>Authorization: Bearer {ApiKey}</c> when a key is set. Any 2xx answer means sent.
/// </summary>
public sealed class SmsGatewayOptions
{
    /// <summary>Absolute http(s) URL; empty means SMS go to the pickup folder. Its host must be on <c>Workflow:Http:AllowedHosts</c>.</summary>
    public string? Url { get; set; }
    public string? ApiKey { get; set; }
    /// <summary>Sender name or number the recipient sees.</summary>
    public string? From { get; set; }
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
