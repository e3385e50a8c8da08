using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;

namespace CrmWorkflow.Web.Tests.Browser;

/// <summary>
/// The real app as a user starts it (<c>dotnet CrmWorkflow.Web.dll</c>) on 127.0.0.1 with its
/// own SQLite file and demo data, for browser tests.
/// </summary>
public sealed class AppProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder = Directory.CreateTempSubdirectory("crmwf-browser-").FullName;

    private AppProcess(int port, IReadOnlyDictionary<string, string>? settings)
    {
        BaseUrl = $"http://127.0.0.1:{port}";
        // From the repository, as users start it: its appsettings.json, workflows/ and templates/.
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = Support.Shipped.Root };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CrmWorkflow.Web.dll"));
        info.ArgumentList.Add($"--urls={BaseUrl}");
        info.Environment["ConnectionStrings__CrmWorkflow"] = $"Data Source={DatabasePath}";
        info.Environment["Messaging__PickupFolder"] = Path.Combine(_folder, "outbox");
        info.Environment["Seed__DemoData"] = "true";
        // The shipped templates, in a folder of this run's own that a test may change.
        Directory.CreateDirectory(TemplatesFolder);
        foreach (var file in Directory.GetFiles(Path.Combine(Support.Shipped.Root, "templates")))
            File.Copy(file, Path.Combine(TemplatesFolder, Path.GetFileName(file)));
        info.Environment["Templates__Folder"] = TemplatesFolder;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) info.Environment[key] = value;
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (Log) Log.Add(e.Data); };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (Log) Log.Add(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string BaseUrl { get; }

    public string TemplatesFolder => Path.Combine(_folder, "templates");

    /// <summary>The app's SQLite file, for a test that sets up what no API offers.</summary>
    public string DatabasePath => Path.Combine(_folder, "app.db");

    public List<string> Log { get; } = [];

    /// <summary>An API client signed in (bearer token) as a demo user.</summary>
    public async Task<HttpClient> ApiAsync(string email)
    {
        var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var login = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(http, "/api/auth/login", new { email, password = "Demo!2026" });
        login.EnsureSuccessStatusCode();
        var body = System.Text.Json.Nodes.JsonNode.Parse(await login.Content.ReadAsStringAsync())!;
        http.DefaultRequestHeaders.Authorization = new("Bearer", body["accessToken"]!.GetValue<string>());
        return http;
    }

    /// <summary>Starts the app; <paramref name="settings"/> are extra settings as environment variables (e.g. Messaging__MaxAttempts).</summary>
    public static async Task<AppProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var app = new AppProcess(CrmWorkflow.Tests.Shared.TestHttpServer.FreePort(), settings);
        using var http = new HttpClient();
        var until = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < until)
        {
            if (app._process.HasExited) break;
            try
            {
                if ((await http.GetAsync($"{app.BaseUrl}/health")).IsSuccessStatusCode) return app;
            }
            catch (HttpRequestException) { }
            await Task.Delay(500);
        }
        await app.DisposeAsync();
        throw new InvalidOperationException("The app did not start:\n" + string.Join("\n", app.Log.TakeLast(40)));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
