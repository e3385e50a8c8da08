using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>Calls an HTTP endpoint on an allow-listed host.</summary>
[Activity("core.httpRequest", "Integration", "Calls an HTTP endpoint on an allow-listed host, with timeout and retries; follows 'success' for 2xx, else 'failure'.", DisplayName = "HTTP request")]
[Ports("success", "failure")]
[Output("statusCode", "number", "HTTP status code (0 when no response).")]
[Output("body", "any", "Response body: parsed JSON when the response is JSON, else text.")]
[Output("headers", "object", "Response headers.")]
[Output("error", "string", "Why the call failed, when it did.")]
[Output("attempts", "number", "How many attempts were made.")]
public sealed class HttpRequestActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>Method.</summary>
    [Input("HTTP method.", UiHint = UiHint.Select, Options = ["GET", "POST", "PUT", "PATCH", "DELETE"], DefaultJson = "\"GET\"")]
    public Input<string> Method { get; } = new();

    /// <summary>URL.</summary>
    [Input("Absolute http(s) URL; its host must be on the allow-list (Workflow:Http:AllowedHosts).", Required = true, UiHint = UiHint.Template)]
    public Input<string> Url { get; } = new();

    /// <summary>Headers.</summary>
    [Input("Request headers as an object of name: value.", UiHint = UiHint.Json)]
    public Input<JsonObject?> Headers { get; } = new();

    /// <summary>Body.</summary>
    [Input("Request body: an object (sent as JSON) or a template (sent as text).", UiHint = UiHint.Template)]
    public Input<JsonNode?> Body { get; } = new();

    /// <summary>Timeout.</summary>
    [Input("Timeout per attempt (ISO 8601).", UiHint = UiHint.Duration, DefaultJson = "\"PT30S\"")]
    public Input<TimeSpan> Timeout { get; } = new();

    /// <summary>Retries.</summary>
    [Input("Extra attempts after a network error, timeout, 429 or 5xx.", UiHint = UiHint.Number, DefaultJson = "0")]
    public Input<int> Retries { get; } = new();

    /// <summary>Backoff.</summary>
    [Input("Wait before the first retry; doubles each time (ISO 8601).", UiHint = UiHint.Duration, DefaultJson = "\"PT1S\"")]
    public Input<TimeSpan> Backoff { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var options = context.Services.GetService<IOptions<HttpActivityOptions>>()?.Value ?? new HttpActivityOptions();
        var url = context.Get(Url);
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new ArgumentException($"'{url}' is not an absolute http or https URL.");
        if (!options.IsAllowed(uri.Host))
            throw new HostNotAllowedException($"Host '{uri.Host}' is not on the HTTP allow-list (Workflow:Http:AllowedHosts); the request was not sent.");

        var client = context.Services.GetService<IHttpClientFactory>()?.CreateClient(HttpActivityOptions.ClientName) ?? SharedClient;
        var retries = Math.Clamp(context.Get(Retries, 0), 0, options.MaxRetries);
        var backoff = context.Get(Backoff, TimeSpan.FromSeconds(1));
        var timeout = context.Get(Timeout, TimeSpan.FromSeconds(30));
        var method = new HttpMethod(context.Get(Method, "GET").ToUpperInvariant());
        var headers = context.Get(Headers);
        var body = context.Get(Body);
        string? error = null;
        var attempt = 0;
        while (true)
        {
            attempt++;
            using var request = BuildRequest(method, uri, headers, body);
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cts.Token);
                var status = (int)response.StatusCode;
                if (attempt <= retries && IsTransient(response.StatusCode))
                    error = $"HTTP {status}";
                else
                {
                    await WriteOutputs(context, response, options.MaxResponseBytes, cts.Token);
                    context.SetOutput("attempts", attempt);
                    if (response.IsSuccessStatusCode) return ActivityOutcome.Port("success");
                    context.SetOutput("error", $"HTTP {status} {response.ReasonPhrase}");
                    return ActivityOutcome.Port("failure");
                }
            }
            catch (OperationCanceledException) when (!context.CancellationToken.IsCancellationRequested)
            {
                error = $"No response within {timeout.TotalSeconds:0.###} s.";
            }
            catch (HttpRequestException ex)
            {
                error = ex.Message;
            }
            if (attempt > retries)
            {
                context.SetOutput("statusCode", 0);
                context.SetOutput("error", error);
                context.SetOutput("attempts", attempt);
                return ActivityOutcome.Port("failure");
            }
            var delay = TimeSpan.FromTicks(backoff.Ticks * (1L << Math.Min(attempt - 1, 16)));
            await Task.Delay(delay, context.Clock, context.CancellationToken);
        }
    }

    private static readonly HttpClient SharedClient = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    private static bool IsTransient(HttpStatusCode code) => code == HttpStatusCode.TooManyRequests || (int)code >= 500;

    private static HttpRequestMessage BuildRequest(HttpMethod method, Uri uri, JsonObject? headers, JsonNode? body)
    {
        var request = new HttpRequestMessage(method, uri);
        string? contentType = null;
        foreach (var (name, value) in headers ?? [])
        {
            var text = ValueConverter.AsString(value);
            if (name.Equals("content-type", StringComparison.OrdinalIgnoreCase)) contentType = text;
            else request.Headers.TryAddWithoutValidation(name, text);
        }
        if (body is not null && method != HttpMethod.Get)
        {
            var isText = body is JsonValue v && v.GetValueKind() == JsonValueKind.String;
            var content = isText ? body.GetValue<string>() : body.ToJsonString();
            request.Content = new StringContent(content, Encoding.UTF8);
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(
                contentType ?? (isText ? "text/plain; charset=utf-8" : "application/json; charset=utf-8"));
        }
        return request;
    }

    private static async Task WriteOutputs(ActivityContext context, HttpResponseMessage response, int maxBytes, CancellationToken ct)
    {
        context.SetOutput("statusCode", (int)response.StatusCode);
        var headers = new JsonObject();
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            headers[name.ToLowerInvariant()] = string.Join(", ", values);
        context.SetOutput("headers", headers);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        var buffer = new byte[maxBytes + 1];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await stream.ReadAsync(buffer.AsMemory(read), ct)) > 0) read += n;
        if (read > maxBytes)
            throw new InvalidOperationException($"The response is larger than {maxBytes} bytes (Workflow:Http:MaxResponseBytes).");
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        JsonNode? parsed = text;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true && text.Length > 0)
        {
            try { parsed = JsonNode.Parse(text); }
            catch (JsonException) { parsed = text; }
        }
        context.SetOutput("body", parsed);
    }
}

/// <summary>Settings for <c>core.httpRequest</c> (section <c>Workflow:Http</c>).</summary>
public sealed class HttpActivityOptions
{
    /// <summary>Name of the HttpClient the activity asks the factory for.</summary>
    public const string ClientName = "workflow-http";

    /// <summary>Hosts requests may go to: exact names or <c>*.example.com</c>. Empty allows none.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Largest response body read, in bytes.</summary>
    public int MaxResponseBytes { get; set; } = 1024 * 1024;

    /// <summary>Upper bound on the retries a definition may ask for.</summary>
    public int MaxRetries { get; set; } = 10;

    /// <summary>True when the host is on the allow-list.</summary>
    public bool IsAllowed(string host) => AllowedHosts.Any(pattern =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase));
}

/// <summary>An HTTP request was refused because its host is not allow-listed.</summary>
public sealed class HostNotAllowedException(string message) : Exception(message);
