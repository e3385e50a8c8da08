using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// The ceiling for a lead on this machine: the same reads and writes the lead path makes
/// (take the lead's id; look for waiting instances, a customer by company name, the roster's
/// version and the region's managers' counters, their absences and the round-robin pointer;
/// insert the instance with its state, two bookmarks, the task, six journal rows, the lead with
/// its assignment and explanation, and the message; update the manager's load and the pointer),
/// as prepared ADO.NET commands on one open connection, one transaction per lead. No EF Core, no
/// engine, no templates, no HTTP. <see cref="RawLeadEndpoint"/> serves the same over HTTP.
/// </summary>
internal sealed class RawLeadSqlite : IDisposable
{
    private readonly SqliteConnection c;
    private readonly SqliteCommand nextLead, insertLead, waiting, customer, version, managers, away, pointer, instance, bookmark, task, journal, message, updateManager, updatePointer;
    private readonly string region, stateJson, explanation, body;

    /// <summary>The stored explanation every lead gets (a real one, JSON).</summary>
    public string Explanation => explanation;

    public RawLeadSqlite(string path, string region, string stateJson, string explanation, string body)
    {
        (this.region, this.stateJson, this.explanation, this.body) = (region, stateJson, explanation, body);
        c = new SqliteConnection($"Data Source={path}");
        c.Open();
        // The app's own settings (synchronous, cache, the log's checkpoint threshold).
        CrmWorkflow.Engine.Persistence.SqlitePragmas.Apply(c);
        if (Environment.GetEnvironmentVariable("BENCH_PRAGMA") is { Length: > 0 } extra) Exec(c, extra);
        // The lead's id is taken first and the lead inserted once with its assignment, as the app does on SQLite.
        nextLead = Cmd(c, "SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'Leads'), 0), COALESCE((SELECT MAX(Id) FROM Leads), 0)) + 1");
        insertLead = Cmd(c, "INSERT INTO Leads (Id, SourceChannel, PersonName, CompanyName, Region, Industry, Size, EstimatedValue, Score, Status, CreatedAt, RoutingAttempts, AssignedManagerId, AssignedAt, FirstContactDueAt, RoutingExplanation) VALUES ($l, 'Web', $a, $b, $r, 'Retail', 20, 5000, 30, 'Assigned', 1, 1, $m, 1, 2, $x)", "$l", "$a", "$b", "$r", "$m", "$x");
        waiting = Cmd(c, "SELECT 1 FROM WorkflowBookmarks WHERE Kind = 'Event' AND EventName = 'lead.created' LIMIT 1");
        customer = Cmd(c, "SELECT Id, Name, Tier, IsKeyAccount, ManagerId FROM Customers WHERE Name = $b LIMIT 1", "$b");
        // The app keeps the roster in memory: per lead it reads the version row and the pool's counters.
        version = Cmd(c, "SELECT Version FROM RosterVersions WHERE Id = 1");
        managers = Cmd(c, "SELECT Id, OpenLeads, KeyAccounts FROM ClientManagers WHERE IsActive = 1 AND Regions LIKE $r", "$r");
        away = Cmd(c, "SELECT ManagerId FROM OutOfOffice WHERE \"To\" > 1 AND \"From\" <= 1");
        pointer = Cmd(c, "SELECT Position FROM RoutingPointers WHERE Key = 'raw'");
        instance = Cmd(c, "INSERT INTO WorkflowInstances (Id, DefinitionId, Version, Status, CreatedAt, UpdatedAt, StateJson, Revision, CorrelationId) VALUES ($id, 'lead-routing', 1, 'Suspended', 1, 1, $s, 1, $b)", "$id", "$s", "$b");
        bookmark = Cmd(c, "INSERT INTO WorkflowBookmarks (Id, InstanceId, ActivityId, Kind, CreatedAt, DueAt) VALUES ($id, $i, 'firstContact', $k, 1, $d)", "$id", "$i", "$k", "$d");
        task = Cmd(c, "INSERT INTO WorkflowTasks (Id, InstanceId, DefinitionId, ActivityId, Title, Assignee, Priority, Status, OutcomesJson, FormJson, CreatedAt, DueAt) VALUES ($id, $i, 'lead-routing', 'firstContact', 'First contact', $m, 'high', 'Open', '[\"contacted\",\"disqualified\"]', '[]', 1, 2)", "$id", "$i", "$m");
        journal = Cmd(c, "INSERT INTO WorkflowJournal (InstanceId, Sequence, ActivityId, ActivityType, StartedAt, EndedAt, Port) VALUES ($i, $q, 'a', 'crm.routeLead', 1, 1, 'done')", "$i", "$q");
        message = Cmd(c, "INSERT INTO OutboundMessages (Id, Channel, Recipient, Subject, Body, IsHtml, Template, RelatedType, RelatedId, InstanceId, Status, Attempts, NextAttemptAt, CreatedAt) VALUES ($id, 'Email', $m, 'New lead', $x, 0, 'lead-assigned', 'Lead', $l, $i, 'Pending', 0, 1, 1)", "$id", "$m", "$x", "$l", "$i");
        updateManager = Cmd(c, "UPDATE ClientManagers SET OpenLeads = OpenLeads + 1 WHERE Id = $m AND OpenLeads = $o", "$m", "$o");
        updatePointer = Cmd(c, "INSERT INTO RoutingPointers (Key, Position, UpdatedAt) VALUES ('raw', 1, 1) ON CONFLICT(Key) DO UPDATE SET Position = Position + 1");
    }

    /// <summary>Leads per second over <paramref name="n"/> leads written one after another on a new connection.</summary>
    public static double LeadsPerSecond(string path, int n, string region, string stateJson, string explanation, string body)
    {
        using var raw = new RawLeadSqlite(path, region, stateJson, explanation, body);
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++) raw.Write($"Raw {i}", $"Raw Co {i}", i);
        var rate = n / sw.Elapsed.TotalSeconds;
        if (Environment.GetEnvironmentVariable("BENCH_FRAMES") == "1")
        {
            // Pages each lead adds to the write-ahead log (run with wal_autocheckpoint=0 after a checkpoint).
            using var frames = Cmd(raw.c, "PRAGMA wal_checkpoint(PASSIVE)");
            using var r = frames.ExecuteReader();
            r.Read();
            Console.WriteLine($"  {r.GetInt64(1) / (double)n:N1} log pages per lead");
        }
        if (Environment.GetEnvironmentVariable("BENCH_PHASES") == "1")
            foreach (var (what, ticks) in Ticks.OrderByDescending(x => x.Value)) Console.WriteLine($"  {ticks * 1e6 / Stopwatch.Frequency / n,8:N0} µs  {what}");
        Ticks.Clear();
        return rate;
    }

    /// <summary>One lead in one transaction; the manager is the <paramref name="turn"/>-th of the pool (round robin). Returns the lead's id and manager.</summary>
    public (long Lead, string Manager) Write(string person, string company, int turn)
    {
        using var tx = c.BeginTransaction();
        var id = Guid.CreateVersion7().ToString("N");
        var lead = Convert.ToInt64(Run(nextLead, tx, true));
        if (Savepoint) tx.Save("s");
        Run(waiting, tx, true);
        Run(customer, tx, true, company);
        Run(version, tx, true);
        string manager = "";
        long open = 0;
        managers.Transaction = tx;
        managers.Parameters[0].Value = "%" + region + "%";
        var read = Stopwatch.GetTimestamp();
        using (var r = managers.ExecuteReader())
        {
            var k = 0;
            while (r.Read())
            {
                var (who, leads, _) = (r.GetString(0), r.GetInt64(1), r.GetInt64(2));
                if (k++ == turn % 50) (manager, open) = (who, leads);
            }
        }
        Time("SELECT the region's managers' counters", read);
        Run(away, tx, true);
        Run(pointer, tx, true);
        Run(instance, tx, false, id, stateJson, lead.ToString());
        Run(bookmark, tx, false, id, id, "Task", DBNull.Value);
        Run(bookmark, tx, false, id + "t", id, "Timer", 2L);
        Run(task, tx, false, id, id, manager);
        for (var s = 1; s <= 6; s++) Run(journal, tx, false, id, s);
        Run(insertLead, tx, false, lead, person, company, region, manager, explanation);
        Run(updateManager, tx, false, manager, open);
        Run(updatePointer, tx, false);
        Run(message, tx, false, id, manager + "@bench.local", body, lead.ToString(), id);
        if (Savepoint) tx.Release("s");
        var commit = Stopwatch.GetTimestamp();
        tx.Commit();
        Time("COMMIT", commit);
        return (lead, manager);
    }

    public void Dispose()
    {
        foreach (var cmd in new[] { nextLead, insertLead, waiting, customer, version, managers, away, pointer, instance, bookmark, task, journal, message, updateManager, updatePointer }) cmd.Dispose();
        c.Dispose();
    }

    private static void Exec(SqliteConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Cmd(SqliteConnection c, string sql, params string[] names)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var name in names) cmd.Parameters.Add(new SqliteParameter { ParameterName = name });
        return cmd;
    }

    // Time per statement (BENCH_PHASES=1 prints it): the commit and the manager read dominate.
    private static readonly Dictionary<string, long> Ticks = new();

    private static void Time(string what, long since) => Ticks[what] = Ticks.GetValueOrDefault(what) + Stopwatch.GetTimestamp() - since;

    // Experiment: the step inside a savepoint, as the in-transaction start runs it.
    private static readonly bool Savepoint = Environment.GetEnvironmentVariable("BENCH_SAVEPOINT") == "1";

    private static readonly bool Fresh = Environment.GetEnvironmentVariable("BENCH_FRESH") == "1";

    private static object? Run(SqliteCommand cmd, SqliteTransaction tx, bool scalar, params object[] values)
    {
        var since = Stopwatch.GetTimestamp();
        if (Fresh)
        {
            // Experiment: a new command each time, as EF does, so SQLite prepares the statement again.
            var copy = cmd.Connection!.CreateCommand();
            copy.CommandText = cmd.CommandText;
            foreach (SqliteParameter p in cmd.Parameters) copy.Parameters.Add(new SqliteParameter { ParameterName = p.ParameterName });
            cmd = copy;
        }
        cmd.Transaction = tx;
        for (var k = 0; k < values.Length; k++) cmd.Parameters[k].Value = values[k];
        var result = scalar ? cmd.ExecuteScalar() : cmd.ExecuteNonQuery();
        Time(cmd.CommandText[..Math.Min(40, cmd.CommandText.Length)], since);
        return result;
    }
}
