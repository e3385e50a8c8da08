using System.Buffers.Binary;
using CrmWorkflow.Crm.Features.Leads;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// What a lead writes (diagnostic): leads go through the handler with the background
/// checkpointer off, then the write-ahead log's frames are counted per table and index (page
/// numbers mapped with SQLite's dbstat). Every frame is a page copied into the log at a commit
/// and again into the file at a checkpoint, so pages per lead is what the disk work scales with.
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
            var owner = Owners(dbPath);
            var (frames, commits, perTable) = Frames(wal, owner);
            Console.WriteLine($"{frames} log frames in {commits} commits for {n} leads: {frames / (double)n:N1} pages per lead ({wal.Length / 1024.0 / n:N0} KB of log)");
            foreach (var (name, count) in perTable.OrderByDescending(x => x.Value))
                Console.WriteLine($"  {count / (double)n,6:N2}  {name}");
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

    // Page number -> table or index, read through the log (the copy sees the last commits).
    private static Dictionary<long, string> Owners(string path)
    {
        var map = new Dictionary<long, string>();
        using var c = new SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = "SELECT pageno, name, pagetype FROM dbstat";
        try
        {
            using var r = cmd.ExecuteReader();
            while (r.Read()) map[r.GetInt64(0)] = r.GetString(1) + (r.GetString(2) == "overflow" ? " (overflow)" : "");
        }
        catch (SqliteException e)
        {
            Console.WriteLine($"  (no dbstat in this SQLite build: {e.Message})");
        }
        return map;
    }

    private static (int Frames, int Commits, Dictionary<string, int> PerTable) Frames(byte[] wal, Dictionary<long, string> owner)
    {
        var pageSize = (int)BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(8));
        int frames = 0, commits = 0;
        var perTable = new Dictionary<string, int>();
        for (var at = 32; at + 24 + pageSize <= wal.Length; at += 24 + pageSize)
        {
            var page = BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(at));
            if (page == 0) break;
            frames++;
            if (BinaryPrimitives.ReadUInt32BigEndian(wal.AsSpan(at + 4)) != 0) commits++;
            var name = page == 1 ? "(database header, page 1)" : owner.GetValueOrDefault(page, "(free or new)");
            perTable[name] = perTable.GetValueOrDefault(name) + 1;
        }
        return (frames, commits, perTable);
    }
}
