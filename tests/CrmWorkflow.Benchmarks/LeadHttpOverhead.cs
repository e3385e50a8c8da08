using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using CrmWorkflow.Crm.Features.Leads;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// What the HTTP layer adds to a lead (diagnostic): alternating blocks of leads through the
/// handler directly and through <c>POST /api/leads</c> on the same host, plus a refused POST
/// (validation only) for the pipeline and JSON reading alone. µs per lead, wall and CPU.
/// </summary>
internal static class LeadHttpOverhead
{
    public static async Task RunAsync(int n)
    {
        await BenchHost.InFolderAsync("leadhttp", async (factory, client, dbPath) =>
        {
            LeadsBenchmark.PrepareManagers(dbPath);
            var handler = factory.Services.GetRequiredService<CreateLeadHandler>();
            var k = 0;
            async Task Direct() => await handler.HandleAsync(new($"Direct {k++}", $"Direct Co {k}", null, null, LeadsBenchmark.Region, "Retail", 20, "Web", null, 5000, 30));
            async Task Http()
            {
                using var r = await client.PostAsJsonAsync("/api/leads", new { personName = $"Http {k++}", companyName = $"Http Co {k}", region = LeadsBenchmark.Region,
                    industry = "Retail", size = 20, source = "Web", estimatedValue = 5000, score = 30 });
                if (r.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"answered {(int)r.StatusCode}");
            }
            async Task Bytes()
            {
                using var r = await client.PostAsync("/api/leads", LeadsBenchmark.Buffered(new { personName = $"Bytes {k++}", companyName = $"Bytes Co {k}",
                    region = LeadsBenchmark.Region, industry = "Retail", size = 20, source = "Web", estimatedValue = 5000, score = 30 }));
                if (r.StatusCode != HttpStatusCode.Created) throw new InvalidOperationException($"answered {(int)r.StatusCode}");
            }
            async Task GetLead()
            {
                using var r = await client.GetAsync("/api/leads/5");
                if (r.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"answered {(int)r.StatusCode}");
            }
            async Task Refused()
            {
                using var r = await client.PostAsJsonAsync("/api/leads", new { personName = "", region = LeadsBenchmark.Region, industry = "Retail", source = "Web" });
                if (r.StatusCode != HttpStatusCode.BadRequest) throw new InvalidOperationException($"answered {(int)r.StatusCode}");
            }
            for (var i = 0; i < 2_000; i++) await (i % 2 == 0 ? Direct() : Http());
            if (Environment.GetEnvironmentVariable("BENCH_DIRECT_ONLY") == "1")
            {
                // For a profiler: the handler alone, n leads.
                for (var i = 0; i < n; i++) await Direct();
                return;
            }
            var totals = new Dictionary<string, (double Wall, double Cpu)>();
            for (var round = 0; round < 3; round++)
                foreach (var (name, run) in new (string, Func<Task>)[] { ("handler", Direct), ("POST /api/leads, PostAsJsonAsync (streamed body)", Http), ("refused POST (400)", Refused), ("POST /api/leads, buffered JSON body (as the leads benchmark)", Bytes), ("GET /api/leads/{id}", GetLead) })
                {
                    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                    var sw = Stopwatch.StartNew();
                    for (var i = 0; i < n; i++) await run();
                    var t = totals.GetValueOrDefault(name);
                    totals[name] = (t.Wall + sw.Elapsed.TotalMicroseconds, t.Cpu + (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds);
                }
            foreach (var (name, (wall, cpu)) in totals)
                Console.WriteLine($"{name}: {wall / (3 * n):N0} µs each, {cpu / (3 * n):N0} µs CPU");
        });
    }
}
