using System.Diagnostics;
using System.Text.Json.Nodes;
using CrmWorkflow.Benchmarks;
using CrmWorkflow.Engine;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using CrmWorkflow.Engine.Validation;
using CrmWorkflow.Migrations.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

// Release console benchmark; see docs/benchmarks.md for how to run it and the figures.
// Usage: dotnet run -c Release --project tests/CrmWorkflow.Benchmarks -- [inprocess|sqlite|all|scale|leads|alloc|inbox|whatif] [count] [fill]
var mode = args.Length > 0 ? args[0] : "all";
var count = args.Length > 1 ? int.Parse(args[1]) : 20_000;
Console.WriteLine($"CrmWorkflow engine benchmark: {mode}, {count} instances, {Environment.ProcessorCount} cores, .NET {Environment.Version}");

if (mode is "inprocess" or "all") await InProcess(count * 10);
if (mode is "sqlite" or "all") await Sqlite(count, 0);
if (mode is "scale") await Sqlite(count, args.Length > 2 ? int.Parse(args[2]) : 1_000_000);
if (mode is "http") await HttpOverhead.RunAsync(args.Length > 1 ? count : 5_000);
if (mode is "raw")
{
    // Experiment: the raw ceiling on a kept benchmark database (BENCH_KEEP=1), args: raw <n> <path>.
    var (st, ex, body) = LeadsBenchmark.Sample(args[2]);
    for (var k = 0; k < 3; k++) Console.WriteLine($"raw: {RawLeadSqlite.LeadsPerSecond(args[2], count, LeadsBenchmark.Region, st, ex, body):N0} leads/s");
}
if (mode is "pages") await WalPages.RunAsync(args.Length > 1 ? count : 100, args.Length > 2 ? int.Parse(args[2]) : 0);
if (mode is "leadhttp") await LeadHttpOverhead.RunAsync(args.Length > 1 ? count : 500);
if (mode is "alloc") await LeadAllocations.RunAsync(args.Length > 1 ? count : 1_000);
if (mode is "leads") await LeadsBenchmark.RunAsync(count, args.Length > 2 ? int.Parse(args[2]) : 100_000);
if (mode is "whatif") await WhatIfBenchmark.RunAsync(args.Length > 1 ? count : 10_000);
if (mode is "inbox") await InboxBenchmark.RunAsync(args.Length > 1 ? count : 10_000, args.Length > 2 ? int.Parse(args[2]) : 1_000_000);

static async Task InProcess(int n)
{
    var expressions = new ExpressionEngine();
    var compiler = new WorkflowCompiler(new ActivityRegistry(), expressions);
    var flow = compiler.Compile(DefinitionJson.Parse(Definitions.ThreeSteps).Definition! with { Version = 1 }).Workflow!;
    var executor = new WorkflowExecutor(expressions, TimeProvider.System);
    for (var i = 0; i < 2_000; i++) await executor.RunAsync(flow, executor.CreateInstance(flow, null));
    var sw = Stopwatch.StartNew();
    for (var i = 0; i < n; i++)
    {
        var state = executor.CreateInstance(flow, null);
        await executor.RunAsync(flow, state);
        if (state.Status != WorkflowStatus.Finished) throw new InvalidOperationException("did not finish");
    }
    sw.Stop();
    Console.WriteLine($"in-process setVariable -> setVariable -> log: {n / sw.Elapsed.TotalSeconds:N0} instances/s ({n} in {sw.Elapsed.TotalSeconds:N2} s)");
}

static async Task Sqlite(int n, int fill)
{
    var path = Path.Combine(Path.GetTempPath(), $"crmwf-bench-{Guid.NewGuid():N}.db");
    var cs = $"Data Source={path};Pooling=True";
    try
    {
        using (var db = new BenchDbContext(new DbContextOptionsBuilder<BenchDbContext>().UseSqlite(cs).UseSqliteTableLayout().Options))
        {
            db.Database.ExecuteSqlRaw("PRAGMA journal_mode=WAL;");
            foreach (var s in db.Database.GenerateCreateScript().Split(';', StringSplitOptions.RemoveEmptyEntries))
                if (!string.IsNullOrWhiteSpace(s)) db.Database.ExecuteSqlRaw(s);
        }
        var services = new ServiceCollection().AddLogging()
            .AddPooledDbContextFactory<BenchDbContext>(o =>
            {
                o.UseSqlite(cs).AddInterceptors(new SqlitePragmas());
                if (Environment.GetEnvironmentVariable("BENCH_SQL") == "1")
                    o.LogTo(Console.WriteLine, [Microsoft.EntityFrameworkCore.DbLoggerCategory.Database.Command.Name], Microsoft.Extensions.Logging.LogLevel.Information);
            })
            .AddWorkflowEngine<BenchDbContext>()
            .BuildServiceProvider();
        var runtime = services.GetRequiredService<WorkflowRuntime>();
        await services.GetRequiredService<WorkflowDefinitionStore>().PublishAsync(DefinitionJson.Parse(Definitions.ThreeStepsThenTask).Definition!);
        if (Environment.GetEnvironmentVariable("BENCH_PHASES") == "1") await Phases.RunAsync(services, n);
        if (fill > 0)
        {
            for (var i = 0; i < 5_000; i++) await runtime.CompleteTaskAsync((await runtime.StartAsync("bench-task", null)).TasksCreated[0].Id, "done", null, "warm-up");
            await Scale.RunAsync(runtime, cs, n, fill);
            return;
        }
        var tasks = new List<string>(n);
        // Warm-up: let tiered JIT promote the hot path before measuring.
        for (var i = 0; i < 5_000; i++) await runtime.CompleteTaskAsync((await runtime.StartAsync("bench-task", null)).TasksCreated[0].Id, "done", null, "warm-up");
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
            tasks.Add((await runtime.StartAsync("bench-task", null)).TasksCreated[0].Id);
        sw.Stop();
        var startRate = n / sw.Elapsed.TotalSeconds;
        Console.WriteLine($"sqlite start (instance + bookmark + task + journal, one transaction each): {startRate:N0} starts/s");
        sw.Restart();
        foreach (var id in tasks)
            await runtime.CompleteTaskAsync(id, "done", null, "bench");
        sw.Stop();
        Console.WriteLine($"sqlite complete task (resume to end): {n / sw.Elapsed.TotalSeconds:N0} completions/s");
        var stateJson = (await runtime.GetStateAsync((await runtime.StartAsync("bench-task", null)).InstanceId)) is { } st
            ? CrmWorkflow.Engine.Persistence.StateSerializer.Serialize(st) : "{}";
        var raw = RawSqlite.StartsPerSecond(cs, n, stateJson);
        Console.WriteLine($"raw ADO.NET, same rows, one transaction each: {raw:N0} starts/s (engine start = {startRate / raw:P0} of raw)");
        var raw3 = RawSqlite.StartsPerSecond(cs, n, stateJson, journalRows: 0);
        Console.WriteLine($"raw ADO.NET, instance + bookmark + task only: {raw3:N0} starts/s (engine start = {startRate / raw3:P0} of it)");
    }
    finally
    {
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(path + suffix);
    }
}

namespace CrmWorkflow.Benchmarks
{
    internal sealed class BenchDbContext(DbContextOptions<BenchDbContext> options) : DbContext(options)
    {
        protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyWorkflowEngineModel();
        protected override void ConfigureConventions(ModelConfigurationBuilder b) => b.UseWorkflowEngineConventions(isSqlite: true);
    }

    internal static class Definitions
    {
        public const string ThreeSteps = """
            { "definitionId": "bench", "name": "Bench",
              "activities": [
                { "id": "start", "type": "core.start" },
                { "id": "a", "type": "core.setVariable", "inputs": { "variable": "a", "value": 1 } },
                { "id": "b", "type": "core.setVariable", "inputs": { "variable": "b", "value": "two" } },
                { "id": "log", "type": "core.log", "inputs": { "message": "done", "level": "debug" } } ],
              "connections": [ { "from": "start", "to": "a" }, { "from": "a", "to": "b" }, { "from": "b", "to": "log" } ] }
            """;

        public const string ThreeStepsThenTask = """
            { "definitionId": "bench-task", "name": "Bench task",
              "activities": [
                { "id": "start", "type": "core.start" },
                { "id": "a", "type": "core.setVariable", "inputs": { "variable": "a", "value": 1 } },
                { "id": "b", "type": "core.setVariable", "inputs": { "variable": "b", "value": "two" } },
                { "id": "log", "type": "core.log", "inputs": { "message": "done", "level": "debug" } },
                { "id": "task", "type": "core.humanTask", "inputs": { "title": "Follow up" } },
                { "id": "end", "type": "core.end" } ],
              "connections": [ { "from": "start", "to": "a" }, { "from": "a", "to": "b" }, { "from": "b", "to": "log" },
                               { "from": "log", "to": "task" }, { "from": "task", "to": "end" } ] }
            """;
    }
}
