using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace CrmWorkflow.Crm.Tests;

/// <summary>
/// An SMS gateway on 127.0.0.1 (HttpListener) that keeps every request it gets and answers with
/// the statuses it is told to, in turn (then 202), so SMS delivery is tested over a real socket.
/// </summary>
public sealed class LoopbackSmsGateway : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;
    private readonly ConcurrentQueue<int> _answers;

    public LoopbackSmsGateway(params int[] answers)
    {
        _answers = new ConcurrentQueue<int>(answers);
        Port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{Port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/messages";

    /// <summary>What each request carried: its JSON body and headers.</summary>
    public ConcurrentQueue<(JsonObject Body, string? IdempotencyKey, string? Authorization)> Requests { get; } = new();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try { context = await _listener.GetContextAsync(); }
            catch (Exception) when (!_listener.IsListening) { return; }
            catch (HttpListenerException) { return; }
            using var reader = new StreamReader(context.Request.InputStream);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            Requests.Enqueue((body, context.Request.Headers["Idempotency-Key"], context.Request.Headers["Authorization"]));
            var status = _answers.TryDequeue(out var s) ? s : 202;
            context.Response.StatusCode = status;
            if (status >= 400)
            {
                await using var writer = new StreamWriter(context.Response.OutputStream);
                await writer.WriteAsync("""{"error":"carrier unavailable"}""");
            }
            context.Response.Close();
        }
    }

    private static int FreePort()
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
        try { await _loop; } catch (ObjectDisposedException) { }
        _listener.Close();
    }
}
