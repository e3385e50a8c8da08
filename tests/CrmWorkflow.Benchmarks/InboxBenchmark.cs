using System.Data.Common;
using System.Diagnostics;
using CrmWorkflow.Engine;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Migrations.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// The task inbox's queries (every view, page 1 and a deep page) over a small and a large
/// WorkflowTasks table in the same run, with each query's SQLite plan.
/// </summary>
internal static class InboxBenchmark
{
    private const int Managers = 50, PageSize = 25, DeepPage = 100;
    private static readonly string[] Queues = ["complaints", "north", "south", "billing"];
    private static readonly string[] Priorities = ["low", "normal", "normal", "high", "urgent"];
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 9, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync(int small, int large)
    {
        var baseline = await MeasureAsync(small, plans: false);
        var big = await MeasureAsync(large, plans: true);
        Console.WriteLine($"\n| view | sort | page | {small:N0} tasks (ms) | {large:N0} tasks (ms) | ratio | total shown |");
        Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | --- |");
        foreach (var (key, ms) in big)
            Console.WriteLine($"| {key.View} | {key.Sort} | {key.Page} | {baseline[key].Ms:N1} | {ms.Ms:N1} | {ms.Ms / Math.Max(0.01, baseline[key].Ms):N1}x | {ms.Total} |");
    }

    private static async Task<Dictionary<(string View, string Sort, string Page), (double Ms, string Total)>> MeasureAsync(int count, bool plans)
    {
        var path = Path.Combine(Path.GetTempPath(), $"crmwf-inbox-{Guid.NewGuid():N}.db");
        var cs = $"Data Source={path};Pooling=True";
        var explain = new ExplainInterceptor();
        try
        {
            using (var db = new BenchDbContext(new DbContextOptionsBuilder<BenchDbContext>().UseSqlite(cs).UseSqliteTableLayout().Options))
            {
                db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
                foreach (var s in db.Database.GenerateCreateScript().Split(';', StringSplitOptions.RemoveEmptyEntries))
                    if (!string.IsNullOrWhiteSpace(s)) db.Database.ExecuteSqlRaw(s);
            }
            var fill = Stopwatch.StartNew();
            Fill(cs, count);
            // The app gathers planner statistics at start and hourly (DatabaseStatistics); so does this.
            using (var db = new BenchDbContext(new DbContextOptionsBuilder<BenchDbContext>().UseSqlite(cs).Options))
                await CrmWorkflow.Web.Startup.DatabaseStatistics.GatherAsync(db, default);
            Console.WriteLine($"filled {count:N0} tasks in {fill.Elapsed.TotalSeconds:N1} s");
            var services = new ServiceCollection().AddLogging()
                .AddPooledDbContextFactory<BenchDbContext>(o => o.UseSqlite(cs).AddInterceptors(new SqlitePragmas(), explain))
                .AddWorkflowEngine<BenchDbContext>().BuildServiceProvider();
            var queries = services.GetRequiredService<WorkflowQueries>();
            var supervisor = new TaskViewer("u-0001", ["cm-0001", "cm0001@bench.local"], ["ClientManager"], ["complaints"],
                Team: Enumerable.Range(2, 10).SelectMany(i => new[] { $"cm-{i:0000}", $"u-{i:0000}", $"cm{i:0000}@bench.local" }).ToList());
            var admin = new TaskViewer("u-admin", ["admin@bench.local"], ["Admin"], [], SeesAll: true);
            var results = new Dictionary<(string, string, string), (double, string)>();
            foreach (var (name, viewer, view) in new[] { ("mine", supervisor, TaskView.Mine), ("queues", supervisor, TaskView.Queues),
                         ("team", supervisor, TaskView.Team), ("visible", supervisor, TaskView.Visible), ("all", admin, TaskView.All) })
            foreach (var sort in Enum.GetValues<TaskSort>())
            foreach (var (pageName, page) in new[] { ("1", 1), ($"{DeepPage}", DeepPage) })
            {
                if (plans && page == 1)
                {
                    explain.Capture = true;
                    await queries.ListTasksAsync(viewer, view, new TaskFilter(), sort, page, PageSize);
                    explain.Capture = false;
                    Console.WriteLine($"\nplan {name} / {sort}:\n{explain.TakePlans()}");
                }
                var (ms, total) = await TimeAsync(() => queries.ListTasksAsync(viewer, view, new TaskFilter(), sort, page, PageSize));
                results[(name, sort.ToString().ToLowerInvariant(), pageName)] = (ms, total);
            }
            // Filters users combine: text search in my tasks, overdue urgent tasks across the company.
            var text = new TaskFilter { Text = "customer 77" };
            results[("mine, text \"customer 77\"", "due", "1")] = await TimeAsync(() => queries.ListTasksAsync(supervisor, TaskView.Mine, text, TaskSort.Due, 1, PageSize));
            var urgent = new TaskFilter { Priority = "urgent" }.WithDue(TaskDue.Overdue, Now, TimeZoneInfo.Utc);
            results[("all, urgent + overdue", "due", "1")] = await TimeAsync(() => queries.ListTasksAsync(admin, TaskView.All, urgent, TaskSort.Due, 1, PageSize));
            return results;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
        }
    }

    // Median of 7 runs after 2 warm-ups: the first run pays for plan preparation and a cold cache.
    private static async Task<(double Ms, string Total)> TimeAsync(Func<Task<Page<Engine.Persistence.Entities.HumanTaskRecord>>> run)
    {
        var result = await run();
        await run();
        var times = new List<double>();
        for (var i = 0; i < 7; i++)
        {
            var sw = Stopwatch.StartNew();
            result = await run();
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        return (times.Order().ElementAt(3), $"{result.Total:N0}{(result.TotalIsLowerBound ? "+" : "")}");
    }

    // 30% open; 60% assigned to one of 50 managers, 25% in one of 4 queues, 15% to the ClientManager role.
    private static void Fill(string cs, int count)
    {
        var binary = new DateTimeOffsetToBinaryConverter();
        long Encode(DateTimeOffset d) => (long)binary.ConvertToProvider(d)!;
        var random = new Random(42);
        using var connection = new SqliteConnection(cs);
        connection.Open();
        using var tx = connection.BeginTransaction();
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = """
            INSERT INTO WorkflowTasks (Id, InstanceId, DefinitionId, ActivityId, Title, Assignee, Role, Queue, Priority, Status, OutcomesJson, FormJson, CreatedAt, DueAt)
            VALUES ($id, $instance, $definition, 'task', $title, $assignee, $role, $queue, $priority, $status, '["done"]', '[]', $created, $due)
            """;
        var p = new[] { "$id", "$instance", "$definition", "$title", "$assignee", "$role", "$queue", "$priority", "$status", "$created", "$due" }
            .ToDictionary(n => n, n => command.Parameters.Add(new SqliteParameter { ParameterName = n }));
        command.Prepare();
        for (var i = 0; i < count; i++)
        {
            var created = Now.AddMinutes(-(count - i) * 0.5);
            var kind = random.NextDouble();
            p["$id"].Value = Guid.CreateVersion7(created).ToString("N");
            p["$instance"].Value = Guid.CreateVersion7(created).ToString("N");
            p["$definition"].Value = $"process-{i % 4}";
            p["$title"].Value = $"Follow up customer {random.Next(10_000)}";
            p["$assignee"].Value = kind < 0.6 ? $"cm-{1 + random.Next(Managers):0000}" : DBNull.Value;
            p["$role"].Value = kind >= 0.85 ? "ClientManager" : DBNull.Value;
            p["$queue"].Value = kind is >= 0.6 and < 0.85 ? Queues[random.Next(Queues.Length)] : DBNull.Value;
            p["$priority"].Value = Priorities[random.Next(Priorities.Length)];
            p["$status"].Value = random.NextDouble() < 0.3 ? "Open" : "Completed";
            p["$created"].Value = Encode(created);
            p["$due"].Value = random.NextDouble() < 0.1 ? DBNull.Value : Encode(Now.AddHours(random.Next(-72, 240)));
            command.ExecuteNonQuery();
        }
        tx.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE";
        analyze.ExecuteNonQuery();
    }

    /// <summary>Runs EXPLAIN QUERY PLAN for each query while capturing, with the query's own parameters.</summary>
    private sealed class ExplainInterceptor : DbCommandInterceptor
    {
        private readonly List<string> _plans = [];
        public bool Capture { get; set; }

        public string TakePlans()
        {
            var text = string.Join("\n", _plans);
            _plans.Clear();
            return text;
        }

        public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken ct = default)
        {
            if (!Capture) return result;
            await using var explain = command.Connection!.CreateCommand();
            explain.Transaction = command.Transaction;
            explain.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            foreach (SqliteParameter p in command.Parameters) explain.Parameters.Add(new SqliteParameter(p.ParameterName, p.Value));
            await using var reader = await explain.ExecuteReaderAsync(ct);
            var kind = command.CommandText.Contains("COUNT(*)") ? "count" : "page";
            while (await reader.ReadAsync(ct)) _plans.Add($"  {kind}: {reader.GetString(3)}");
            return result;
        }
    }
}
