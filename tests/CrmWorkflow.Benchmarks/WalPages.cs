using System.Buffers.Binary;
using CrmWorkflow.Crm.Features.Leads;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// What a lead writes (diagnostic): leads go through the handler with the background
/// checkpointer off, then the write-ahead log's frames are counted. Every frame is a page copied
/// into the log at a commit and again into the file at a checkpoint, so pages per lead is what
/// the disk work scales with. BENCH_PAGES_COPY=&lt;path&gt; keeps the file and its log for
/// scripts/wal-pages.py, which maps the pages to tables and indexes with dbstat (the SQLite
/// bundled with the app has none).
/// </summary>
internal static class WalPages
{
    public static async Task RunAsync(int n, int fill)
    {
        await BenchHost.InFolderAsync("pages", async (factory, client, dbPath) =>
        {
            LeadsBenchmark.PrepareManagers(dbPath);
            if (fill > 0) LeadsBenchmark.FillOpenTasks(dbPath, fill);
            var create = factory.Services.GetRequiredService<CreateLeadHandler>();
            for (var i = 0; i < 300; i++) await create.HandleAsync(Lead($"Warm {i}"));
            if (Environment.GetEnvironmentVariable("BENCH_TRACE") == "1") await TraceOneAsync(factory.Services, create);
            CrmWorkflow.Web.Startup.WalCheckpointer.Enabled = false;
            await Task.Delay(300);
            Exec(dbPath, "PRAGMA wal_checkpoint(TRUNCATE)");
            for (var i = 0; i < n; i++) await create.HandleAsync(Lead($"Pages {i}"));
            var wal = File.ReadAllBytes(dbPath + "-wal");
            if (Environment.GetEnvironmentVariable("BENCH_PAGES_COPY") is { Length: > 0 } copy)
            {
                // For a SQLite with dbstat (e.g. python3's): the file and its log as they are now.
                File.Copy(dbPath, copy, true);
                File.WriteAllBytes(copy + "-wal", wal);
            }
            CrmWorkflow.Web.Startup.WalCheckpointer.Enabled = true;
            var (frames, commits) = Frames(wal);
            Console.WriteLine($"{frames} log frames in {commits} commits for {n} leads: {frames / (double)n:N1} pages per lead ({wal.Length / 1024.0 / n:N0} KB of log)");
            if (commits < n) Console.WriteLine($"  the log started over ({commits} of {n} commits kept): run fewer leads");
        });
    }

    // Every SQL statement one lead runs (SQLite's own trace on the lent connections).
    private static async Task TraceOneAsync(IServiceProvider services, CreateLeadHandler create)
    {
        var lender = services.GetRequiredService<CrmWorkflow.Web.Startup.SqliteConnectionLender>();
        var idle = (System.Collections.Concurrent.ConcurrentStack<SqliteConnection>)typeof(CrmWorkflow.Web.Startup.SqliteConnectionLender)
            .GetField("_idle", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(lender)!;
        var lines = new List<string>();
        foreach (var c in idle) SQLitePCL.raw.sqlite3_trace(c.Handle, (SQLitePCL.strdelegate_trace)((_, sql) => { lock (lines) lines.Add(sql); }), null);
        await create.HandleAsync(Lead("Traced"));
        foreach (var c in idle) SQLitePCL.raw.sqlite3_trace(c.Handle, (SQLitePCL.strdelegate_trace)null!, null);
        foreach (var line in lines) Console.WriteLine("SQL> " + line.ReplaceLineEndings(" ")[..Math.Min(400, line.Length)]);
    }

    private static CreateLeadCommand Lead(string name) => new(name, $"{name} Co", null, null, LeadsBenchmark.Region, "Retail", 20, "Web", null, 5000, 30);

    private static void Exec(string path, string sql)
    {
        using var c = new SqliteConnection($"Data Source={path};Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    // Frames and commits of the log's current generation (an older one may follow a restart).
    private static (int Frames, int Commits) Frames(byte[] wal)
    {
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(8));
        var salt = wal.AsSpan(16, 8);
        int frames = 0, commits = 0;
        for (var at = 32; at + 24 + pageSize <= wal.Length && wal.AsSpan(at + 8, 8).SequenceEqual(salt); at += 24 + pageSize)
        {
            frames++;
            if (BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(at + 4)) != 0) commits++;
        }
        return (frames, commits);
    }
}
