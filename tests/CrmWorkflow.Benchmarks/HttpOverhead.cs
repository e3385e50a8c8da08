using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CrmWorkflow.Benchmarks;

/// <summary>What the in-process HTTP layer costs per request: anonymous health, an authenticated cheap GET.</summary>
internal static class HttpOverhead
{
    public static async Task RunAsync(int n)
    {
        await BenchHost.InFolderAsync("http", async (factory, client, dbPath) =>
        {
            foreach (var url in new[] { "/health", "/api/activity-types", "/health", "/api/activity-types" })
            {
                var sw = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                for (var i = 0; i < n; i++)
                {
                    using var r = await client.GetAsync(url);
                    r.EnsureSuccessStatusCode();
                    await r.Content.ReadAsByteArrayAsync();
                }
                Console.WriteLine($"GET {url}: {sw.Elapsed.TotalMilliseconds * 1000 / n:N0} µs each, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / n:N0} µs CPU");
            }
        });
    }
}
