using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Leads;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// The lead-routing what-if on a SQLite file: 10,000 leads of the last week over 50 active
/// managers, replayed through the shipped workflow and a draft whose standard rule is least
/// loaded, with the handler the page and the API call. Cold (first) and warm runs are timed.
/// </summary>
internal static class WhatIfBenchmark
{
    private const string Region = "Bench Region";

    public static async Task RunAsync(int leads)
    {
        await BenchHost.InFolderAsync("whatif", async (factory, client, dbPath) =>
        {
            var sw = Stopwatch.StartNew();
            await SeedAsync(factory.Services, leads);
            Console.WriteLine($"seeded {leads:N0} leads over 50 managers in {sw.Elapsed.TotalSeconds:N1} s");
            var definition = (await client.GetFromJsonAsync<JsonObject>("/api/workflows/lead-routing"))!["definition"]!.AsObject();
            var route = definition["activities"]!.AsArray().Single(a => (string?)a!["id"] == "route")!;
            route["inputs"]!["rules"]!.AsArray().Single(r => (string?)r!["name"] == "standard")!["strategy"] = "leastLoaded";
            (await client.PutAsJsonAsync("/api/workflows/lead-routing", definition)).EnsureSuccessStatusCode();

            var handler = factory.Services.GetRequiredService<SimulateRoutingHandler>();
            foreach (var run in new[] { "cold", "warm" })
            {
                sw.Restart();
                var (result, refusal) = await handler.RunAsync(new SimulateRoutingRequest(7));
                if (result is null) throw new InvalidOperationException(refusal!.Message);
                Console.WriteLine($"what-if ({run}): {result.Leads:N0} leads x 2 versions in {sw.Elapsed.TotalSeconds:N2} s " +
                                  $"(published {result.Published.Assigned:N0} assigned / {result.Published.Queued:N0} queued, " +
                                  $"draft {result.Draft.Assigned:N0} / {result.Draft.Queued:N0}, {result.Changes.Count:N0} change owner)");
            }
            sw.Restart();
            var response = await client.PostAsJsonAsync("/api/workflows/lead-routing/simulate", new { days = 7 });
            response.EnsureSuccessStatusCode();
            var bytes = (await response.Content.ReadAsByteArrayAsync()).Length;
            Console.WriteLine($"POST /api/workflows/lead-routing/simulate: {sw.Elapsed.TotalSeconds:N2} s, {bytes / 1024:N0} KB answer");
        });
    }

    // 50 managers of mixed seniority; leads over the last 7 days with sizes and scores that reach every rule.
    private static async Task SeedAsync(IServiceProvider services, int count)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<CrmDbContext>>().CreateDbContextAsync();
        var now = DateTimeOffset.UtcNow;
        await db.ClientManagers.ExecuteUpdateAsync(s => s.SetProperty(m => m.IsActive, false));
        await db.Leads.ExecuteUpdateAsync(s => s.SetProperty(l => l.CreatedAt, now.AddYears(-1)));
        db.ClientManagers.AddRange(Enumerable.Range(1, 50).Select(i => new ClientManager
        {
            Id = $"bm-{i:000}", Name = $"Bench Manager {i}", Email = $"bm{i}@bench.local", Regions = Region, Industries = i % 2 == 0 ? "Retail" : "Logistics",
            Skills = i % 3 == 0 ? "CRM" : "", Languages = "en", Seniority = (Seniority)(i % 3), LeadCapacity = 150 + 10 * (i % 10), OpenLeads = i % 7,
        }));
        var random = new Random(7);
        db.Leads.AddRange(Enumerable.Range(0, count).Select(i => new Lead
        {
            PersonName = $"Bench Person {i}", CompanyName = $"Bench Company {i}", Region = Region, Industry = i % 2 == 0 ? "Retail" : "Logistics",
            Size = random.Next(1, 1200), SourceChannel = Channel.Web, ProductInterest = i % 4 == 0 ? "CRM" : null, EstimatedValue = random.Next(1_000, 200_000),
            Score = random.Next(1, 100), Status = LeadStatus.Assigned, AssignedManagerId = $"bm-{1 + i % 50:000}",
            CreatedAt = now.AddDays(-7).AddSeconds(60 + i * (7 * 86_400.0 - 120) / count),
        }));
        await db.SaveChangesAsync();
    }
}
