using System.Text.Json;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// POST /api/leads through the real host in process (TestServer: routing, bearer auth, JSON,
/// the handler, lead-routing with the shipped workflow), one caller, on a SQLite file: each
/// answer comes after the lead is stored, the rule evaluated, a manager picked among 50, the
/// first-contact task and the notification queued and committed. Measured on an empty inbox
/// and again with 100,000 open tasks.
/// </summary>
internal static partial class LeadsBenchmark
{
    internal const string Region = "Bench Region";
    private const int Warmup = 2_000;

    public static async Task RunAsync(int n, int openTasks)
    {
        await BenchHost.InFolderAsync("leads", async (factory, client, dbPath) =>
        {
            PrepareManagers(dbPath);

            await PublishBaselineAsync(client);
            // Long enough for tiered compilation to settle: with 500 leads the first measured
            // phase still compiled about two methods per lead.
            await BaselineAsync(client, Warmup, "warm-up");
            await PostAsync(client, Warmup, "warm-up");
            var checkpointer = factory.Services.GetRequiredService<CrmWorkflow.Web.Startup.WalCheckpointer>();
            checkpointer.TakeMaxLogFrames();
            var baseline = await BaselineAsync(client, n, "empty inbox");
            var empty = await PostAsync(client, n, "empty inbox");
            Console.WriteLine($"ratio POST /api/leads / bare one-task start, same host and run: {empty / baseline:P0}");
            // Before the bulk fill below, which is one large transaction.
            var most = checkpointer.TakeMaxLogFrames();
            Console.WriteLine($"write-ahead log while posting: at most {most:N0} pages ({most * 4 / 1024.0:N1} MB) between restarts;"
                + $" {checkpointer.Checkpoints:N0} background checkpoints in all");
            var sw = Stopwatch.StartNew();
            FillOpenTasks(dbPath, openTasks);
            Console.WriteLine($"added {openTasks:N0} open tasks in {sw.Elapsed.TotalSeconds:N1} s");
            var cacheBefore = CrmWorkflow.Engine.Persistence.StatementCache.Totals;
            var full = await PostAsync(client, n, $"{openTasks:N0} open tasks");
            var cacheAfter = CrmWorkflow.Engine.Persistence.StatementCache.Totals;
            Console.WriteLine($"statements per lead: {(cacheAfter.Hits - cacheBefore.Hits) / (double)n:N1} from the cache, {(cacheAfter.Misses - cacheBefore.Misses) / (double)n:N1} compiled"
                + $" ({factory.Services.GetService<CrmWorkflow.Web.Startup.SqliteConnectionLender>()?.Opened} connections opened in all)");
            Console.WriteLine($"ratio {openTasks:N0} open tasks / empty inbox: {full / empty:P0}");
            var block = Math.Max(100, n / 6);
            await CompareStatementCacheAsync(client, block);
            await CompareManagerRosterAsync(client, block);
            await CompareTrackedChangesWriterAsync(client, block);
            await CompareOneStatementPerCommandAsync(client, block);
            await CompareCheckpointerAsync(client, block, factory.Services);
            var direct = await DirectAsync(factory.Services, n);
            Console.WriteLine($"ratio handler without HTTP / bare runtime start without HTTP: {direct:P0}");
            Verify(dbPath, Warmup + 3 * n + 30 * block);
            var (state, explanation, body) = Sample(dbPath);
            var raw = RawLeadSqlite.LeadsPerSecond(dbPath, n, Region, state, explanation, body);
            Console.WriteLine($"raw ADO.NET ceiling, the same reads and writes per lead in one transaction: {raw,8:N0} leads/s ({1e6 / raw:N0} µs each)");
            using (RawLeadEndpoint.Writer = new RawLeadSqlite(dbPath, Region, state, explanation, body))
                await CompareFloorAsync(client, Math.Max(100, n / 3));
            RawLeadEndpoint.Writer = null;
        });
    }

    // The same work without the HTTP layer: the handler the endpoint calls, and the runtime's bare start.
    private static async Task<double> DirectAsync(IServiceProvider services, int n)
    {
        var handler = services.GetRequiredService<CrmWorkflow.Crm.Features.Leads.CreateLeadHandler>();
        var runtime = services.GetRequiredService<CrmWorkflow.Engine.Runtime.Durable.WorkflowRuntime>();
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) await runtime.StartAsync("bench-task", null);
        var bare = n / sw.Elapsed.TotalSeconds;
        Console.WriteLine($"runtime.StartAsync(bench-task) without HTTP: {bare,8:N0} starts/s ({sw.Elapsed.TotalMilliseconds * 1000 / n:N0} µs each)");
        sw.Restart();
        for (var i = 0; i < n; i++)
        {
            var result = await handler.HandleAsync(new(($"Direct Person {i}"), null, null, null, Region, "Retail", 20, "Web", null, 5000, 30));
            if (result.LeadId is null) throw new InvalidOperationException("The handler refused a lead.");
        }
        var leads = n / sw.Elapsed.TotalSeconds;
        Console.WriteLine($"CreateLeadHandler without HTTP: {leads,8:N0} leads/s ({sw.Elapsed.TotalMilliseconds * 1000 / n:N0} µs each)");
        return leads / bare;
    }

    // The engine's own floor on this host: start a definition that only creates one task.
    private static async Task PublishBaselineAsync(HttpClient client)
    {
        const string definition = """
            { "definitionId": "bench-task", "name": "Bench task",
              "activities": [ { "id": "start", "type": "core.start" },
                              { "id": "task", "type": "core.humanTask", "inputs": { "title": "Call", "role": "ClientManager" } } ],
              "connections": [ { "from": "start", "to": "task" } ] }
            """;
        (await client.PutAsync("/api/workflows/bench-task", new StringContent(definition, System.Text.Encoding.UTF8, "application/json"))).EnsureSuccessStatusCode();
        (await client.PostAsync("/api/workflows/bench-task/publish", null)).EnsureSuccessStatusCode();
    }

    private static async Task<double> BaselineAsync(HttpClient client, int n, string label)
    {
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            using var response = await client.PostAsync("/api/workflows/bench-task/instances", Buffered(new { input = new { } }));
            if (response.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"Baseline start answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
        var rate = n / sw.Elapsed.TotalSeconds;
        Console.WriteLine($"POST /api/workflows/bench-task/instances (bare one-task start), {label}: {rate,8:N0} starts/s ({sw.Elapsed.TotalMilliseconds * 1000 / n:N0} µs each)");
        return rate;
    }

    private static async Task<double> PostAsync(HttpClient client, int n, string label)
    {
        var gen0 = GC.CollectionCount(0);
        var jitted = System.Runtime.JitInfo.GetCompiledMethodCount();
        var (rate, cpu, kb, p99) = await MeasureAsync(client, n);
        Console.WriteLine($"POST /api/leads, {label}: {rate,8:N0} leads/s ({n} in {n / rate:N2} s, {1e6 / rate:N0} µs each, 99 % within {p99:N0} µs;"
            + $" {kb:N0} KB allocated, {(GC.CollectionCount(0) - gen0) * 1000.0 / n:N1} gen-0 GCs per 1,000 leads"
            + $" and {cpu:N0} µs of CPU per lead, host and caller together;"
            + $" {(System.Runtime.JitInfo.GetCompiledMethodCount() - jitted) / (double)n:N2} methods compiled per lead)");
        return rate;
    }

    // n leads one after another: leads/s, CPU µs and KB allocated per lead (host and caller
    // together), and the 99th-percentile answer time in µs.
    private static async Task<(double Rate, double CpuMicros, double Kb, double P99)> MeasureAsync(HttpClient client, int n, string path = "/api/leads")
    {
        var (allocated, cpu) = (GC.GetTotalAllocatedBytes(), Process.GetCurrentProcess().TotalProcessorTime);
        var times = new double[n];
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            var started = Stopwatch.GetTimestamp();
            // A buffered body with its length, as curl or fetch send a JSON string. HttpClient's
            // PostAsJsonAsync streams the body instead, which the in-process TestServer hands across
            // threads: about 200 µs more per request (the leadhttp diagnostic shows both).
            using var response = await client.PostAsync(path, Buffered(new
            {
                personName = $"Bench Person {i}", companyName = $"Bench Co {i}", region = Region, industry = "Retail",
                size = 20, source = "Web", estimatedValue = 5000, score = 30,
            }));
            if (response.StatusCode != HttpStatusCode.Created)
                throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
            times[i] = Stopwatch.GetElapsedTime(started).TotalMicroseconds;
        }
        Array.Sort(times);
        return (n / sw.Elapsed.TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds / n,
            (GC.GetTotalAllocatedBytes() - allocated) / n / 1024.0, times[(int)(n * 0.99)]);
    }

    /// <summary>A JSON request body, serialised up front and sent with its length.</summary>
    internal static ByteArrayContent Buffered(object value)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value));
        content.Headers.ContentType = new("application/json");
        return content;
    }

    // 50 eligible managers in the benchmark's region; the demo managers stay in their own regions.
    internal static void PrepareManagers(string dbPath)
    {
        using var c = Open(dbPath);
        using var tx = c.BeginTransaction();
        for (var i = 1; i <= 50; i++)
            Exec(c, tx, $"INSERT INTO ClientManagers (Id, Name, Email, Regions, Industries, Skills, Languages, Seniority, LeadCapacity, KeyAccountCapacity, OpenLeads, KeyAccounts, IsActive, Weight) VALUES ('bm-{i:000}', 'Bench Manager {i}', 'bm{i}@bench.local', '{Region}', 'Retail', '', 'en', 'Junior', 1000000, 10, 0, 0, 1, 1)");
        tx.Commit();
    }

    // Open first-contact tasks like the workflow's own, spread over the 50 managers.
    internal static void FillOpenTasks(string dbPath, int count)
    {
        using var c = Open(dbPath);
        var stateJson = Scalar(c, "SELECT StateJson FROM WorkflowInstances WHERE DefinitionId = 'lead-routing' AND Status = 'Suspended' LIMIT 1");
        using var tx = c.BeginTransaction();
        var instance = Command(c, tx, "INSERT INTO WorkflowInstances (Id, DefinitionId, Version, Status, CreatedAt, UpdatedAt, StateJson, Revision) VALUES ($id, 'lead-routing', 1, 'Suspended', $t, $t, $json, 1)");
        var bookmark = Command(c, tx, "INSERT INTO WorkflowBookmarks (Id, InstanceId, ActivityId, Kind, CreatedAt) VALUES ($id, $id, 'firstContact', 'Task', $t)");
        var task = Command(c, tx, "INSERT INTO WorkflowTasks (Id, InstanceId, DefinitionId, ActivityId, Title, Assignee, Priority, Status, OutcomesJson, FormJson, CreatedAt) VALUES ($id, $id, 'lead-routing', 'firstContact', 'First contact', $who, 'high', 'Open', '[\"contacted\",\"disqualified\"]', '[]', $t)");
        var t0 = DateTimeOffset.UtcNow.AddDays(-30);
        for (var i = 0; i < count; i++)
        {
            // Time-ordered ids, as the engine makes them: older tasks sort before the new ones.
            var id = Guid.CreateVersion7(t0.AddSeconds(i)).ToString("N");
            var t = t0.AddSeconds(i).ToString("O");
            Run(instance, ("$id", id), ("$t", t), ("$json", stateJson));
            Run(bookmark, ("$id", id), ("$t", t));
            Run(task, ("$id", id), ("$t", t), ("$who", $"bm-{1 + i % 50:000}"));
        }
        tx.Commit();
    }

    // A real lead's instance state, explanation and message body, so the ceiling writes as much.
    internal static (string State, string Explanation, string Body) Sample(string dbPath)
    {
        using var c = Open(dbPath);
        return (Scalar(c, "SELECT StateJson FROM WorkflowInstances WHERE DefinitionId = 'lead-routing' ORDER BY CreatedAt DESC LIMIT 1"),
            Scalar(c, $"SELECT RoutingExplanation FROM Leads WHERE Region = '{Region}' ORDER BY Id DESC LIMIT 1"),
            Scalar(c, "SELECT Body FROM OutboundMessages WHERE Template = 'lead-assigned' ORDER BY CreatedAt DESC LIMIT 1"));
    }

    private static void Verify(string dbPath, int leads)
    {
        using var c = Open(dbPath);
        var assigned = Scalar(c, $"SELECT COUNT(*) FROM Leads WHERE Region = '{Region}' AND AssignedManagerId IS NOT NULL AND RoutingExplanation IS NOT NULL");
        var messages = Scalar(c, "SELECT COUNT(*) FROM OutboundMessages WHERE Template = 'lead-assigned'");
        var spread = Scalar(c, "SELECT MAX(OpenLeads) - MIN(OpenLeads) FROM ClientManagers WHERE Id LIKE 'bm-%'");
        Console.WriteLine($"check: {assigned} of {leads} leads assigned with an explanation, {messages} lead-assigned messages queued, round-robin spread {spread}");
        if (assigned != leads.ToString() || messages != leads.ToString()) throw new InvalidOperationException("The benchmark's leads were not all routed.");
    }

    private static SqliteConnection Open(string path)
    {
        var c = new SqliteConnection($"Data Source={path}");
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static string Scalar(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        return Convert.ToString(cmd.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) ?? "";
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction tx, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params (string Name, object Value)[] values)
    {
        cmd.Parameters.Clear();
        foreach (var (name, value) in values) cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }
}
