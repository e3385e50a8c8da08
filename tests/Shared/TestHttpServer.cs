using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CrmWorkflow.Tests.Shared;

/// <summary>
/// A loopback-only HTTP server (127.0.0.1 on a free port) that answers with queued responses
/// and records what it received, so tests of outbound HTTP (the HTTP activity, the SMS gateway)
/// never leave the machine. Linked into each test project from tests/Shared.
/// </summary>
public sealed class TestHttpServer : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<(int Status, string ContentType, string Body)> _responses = new();
    private readonly Task _loop;

    /// <summary>Listens on <paramref name="port"/> (e.g. one a test first left closed), or a free one.</summary>
    public TestHttpServer(int? port = null)
    {
        Port = port ?? FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url(string path = "") => $"http://127.0.0.1:{Port}/{path}";

    /// <summary>Requests received so far: method, path, body and headers.</summary>
    public ConcurrentQueue<(string Method, string Path, string Body, IReadOnlyDictionary<string, string?> Headers)> Requests { get; } = new();

    /// <summary>Queues the next response; when none is queued the server answers 200 with "{}".</summary>
    public TestHttpServer Respond(int status, string body = "{}", string contentType = "application/json")
    {
        _responses.Enqueue((status, contentType, body));
        return this;
    }

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException or InvalidOperationException) { return; }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var headers = context.Request.Headers.AllKeys.OfType<string>()
                .ToDictionary(k => k, k => context.Request.Headers[k], StringComparer.OrdinalIgnoreCase);
            Requests.Enqueue((context.Request.HttpMethod, context.Request.Url!.AbsolutePath, await reader.ReadToEndAsync(), headers));
            var (status, contentType, body) = _responses.TryDequeue(out var r) ? r : (200, "application/json", "{}");
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    /// <summary>A port on 127.0.0.1 nothing listens on (yet).</summary>
    public static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
