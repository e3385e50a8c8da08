using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Benchmarks;

/// <summary>The real host in process on a SQLite file in <c>folder</c>, with demo data, background work off, and an analyst signed in.</summary>
internal static class BenchHost
{
    /// <summary>
    /// Runs <paramref name="body"/> (host, signed-in client, database file) in a new temp folder,
    /// then stops the host and deletes the folder; BENCH_KEEP=1 keeps the database to look at
    /// (e.g. bytes per lead with sqlite3's dbstat).
    /// </summary>
    public static async Task InFolderAsync(string name,
        Func<WebApplicationFactory<CrmWorkflow.Web.Startup.StartupTasks>, HttpClient, string, Task> body)
    {
        var folder = Path.Combine(Path.GetTempPath(), $"crmwf-{name}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var dbPath = Path.Combine(folder, "bench.db");
        try
        {
            var (factory, client) = await StartAsync(folder);
            await using var _ = factory;
            await body(factory, client, dbPath);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Environment.GetEnvironmentVariable("BENCH_KEEP") == "1") Console.WriteLine($"kept {dbPath}");
            else try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
        }
    }

    public static async Task<(WebApplicationFactory<CrmWorkflow.Web.Startup.StartupTasks> Factory, HttpClient Client)> StartAsync(string folder)
    {
        var factory = new WebApplicationFactory<CrmWorkflow.Web.Startup.StartupTasks>().WithWebHostBuilder(b =>
        {
            b.UseEnvironment("Benchmark");
            b.UseSetting("ConnectionStrings:CrmWorkflow", $"Data Source={Path.Combine(folder, "bench.db")}");
            b.UseSetting("Seed:DemoData", "true");
            b.UseSetting("Seed:Customers", "200");
            b.UseSetting("Workflow:Worker:Enabled", "false");
            b.UseSetting("Messaging:Sender:Enabled", "false");
            b.UseSetting("Messaging:PickupFolder", Path.Combine(folder, "outbox"));
            b.UseSetting("Logging:LogLevel:Default", "Warning");
            b.ConfigureServices(s => s.AddSingleton<IStartupFilter, RawLeadEndpoint>());
        });
        var client = factory.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "analyst@demo.local", password = "Demo!2026" });
        login.EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>());
        return (factory, client);
    }
}
