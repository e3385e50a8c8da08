using System.Diagnostics;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.Data.Sqlite;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// Start and completion rates on an empty database and again after filling it with a large
/// number of instances (half waiting on an open task, half finished, each with its journal),
/// plus the host's managed heap at both points.
/// </summary>
internal static class Scale
{
    public static async Task RunAsync(WorkflowRuntime runtime, string connectionString, int n, int fill)
    {
        var (emptyStarts, emptyCompletions) = await MeasureAsync(runtime, n);
        var emptyHeap = Heap();
        Console.WriteLine($"empty database:   {emptyStarts,8:N0} starts/s  {emptyCompletions,8:N0} completions/s  heap {emptyHeap / 1e6:N1} MB");

        var sample = await runtime.StartAsync("bench-task", null);
        var stateJson = StateSerializer.Serialize((await runtime.GetStateAsync(sample.InstanceId))!);
        var sw = Stopwatch.StartNew();
        Fill(connectionString, fill, stateJson);
        Console.WriteLine($"filled {fill:N0} instances in {sw.Elapsed.TotalSeconds:N0} s ({new FileInfo(connectionString["Data Source=".Length..connectionString.IndexOf(';')]).Length / 1e9:N2} GB)");

        var (fullStarts, fullCompletions) = await MeasureAsync(runtime, n);
        var fullHeap = Heap();
        Console.WriteLine($"{fill:N0} instances: {fullStarts,8:N0} starts/s  {fullCompletions,8:N0} completions/s  heap {fullHeap / 1e6:N1} MB");
        Console.WriteLine($"ratio full/empty: starts {fullStarts / emptyStarts:P0}, completions {fullCompletions / emptyCompletions:P0}, heap {(double)fullHeap / emptyHeap:P0}");
    }

    private static async Task<(double Starts, double Completions)> MeasureAsync(WorkflowRuntime runtime, int n)
    {
        var tasks = new List<string>(n);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) tasks.Add((await runtime.StartAsync("bench-task", null)).TasksCreated[0].Id);
        var starts = n / sw.Elapsed.TotalSeconds;
        sw.Restart();
        foreach (var id in tasks) await runtime.CompleteTaskAsync(id, "done", null, "bench");
        return (starts, n / sw.Elapsed.TotalSeconds);
    }

    private static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, true, true);
        GC.WaitForPendingFinalizers();
        return GC.GetTotalMemory(true);
    }

    // Rows shaped like the engine's own, written with prepared statements in large transactions.
    private static void Fill(string connectionString, int count, string stateJson)
    {
        using var c = new SqliteConnection(connectionString);
        c.Open();
        var instance = Command(c, "INSERT INTO WorkflowInstances (Id, DefinitionId, Version, Status, CreatedAt, UpdatedAt, FinishedAt, StateJson, Revision) VALUES ($id, 'bench-task', 1, $status, $t, $t, $fin, $json, 1)", "$id", "$status", "$t", "$fin", "$json");
        var bookmark = Command(c, "INSERT INTO WorkflowBookmarks (Id, InstanceId, ActivityId, Kind, CreatedAt) VALUES ($id, $id, 'task', 'Task', $t)", "$id", "$t");
        var task = Command(c, "INSERT INTO WorkflowTasks (Id, InstanceId, DefinitionId, ActivityId, Title, Role, Priority, Status, OutcomesJson, FormJson, CreatedAt) VALUES ($id, $id, 'bench-task', 'task', 'Follow up', 'ClientManager', 'normal', $status, '[\"done\"]', '[]', $t)", "$id", "$status", "$t");
        var journal = Command(c, "INSERT INTO WorkflowJournal (InstanceId, Sequence, ActivityId, ActivityType, StartedAt, EndedAt, Port) VALUES ($id, $seq, 'a', 'core.setVariable', $t, $t, 'done')", "$id", "$seq", "$t");
        var t0 = DateTimeOffset.UtcNow.AddDays(-400).UtcTicks;
        SqliteTransaction? tx = null;
        for (var i = 0; i < count; i++)
        {
            if (i % 20_000 == 0) { tx?.Commit(); tx = c.BeginTransaction(); foreach (var cmd in new[] { instance, bookmark, task, journal }) cmd.Transaction = tx; }
            var id = Guid.NewGuid().ToString("N");
            var open = i % 2 == 0;
            var t = t0 + i * TimeSpan.TicksPerSecond;
            Run(instance, id, open ? "Suspended" : "Finished", t, open ? DBNull.Value : t, stateJson);
            if (open) Run(bookmark, id, t);
            Run(task, id, open ? "Open" : "Completed", t);
            for (var s = 1; s <= 5; s++) Run(journal, id, s, t);
        }
        tx?.Commit();
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var name in names) cmd.Parameters.Add(new SqliteParameter { ParameterName = name });
        cmd.Prepare();
        return cmd;
    }

    private static void Run(SqliteCommand cmd, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i];
        cmd.ExecuteNonQuery();
    }
}
