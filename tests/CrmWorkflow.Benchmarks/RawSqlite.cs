using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// The ceiling: the same rows a start writes (instance with its state JSON, bookmark, task and
/// four journal rows: start, two setVariables and the log; the task's own entry is written when
/// it completes), inserted with prepared ADO.NET commands on one open connection, one
/// transaction per start.
/// </summary>
internal static class RawSqlite
{
    public static double StartsPerSecond(string connectionString, int n, string stateJson, int journalRows = 4)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            pragma.ExecuteNonQuery();
        }
        var instance = Prepare(connection, "INSERT INTO WorkflowInstances (Id, DefinitionId, Version, Status, CreatedAt, UpdatedAt, StateJson, Revision) VALUES ($id, 'bench-task', 1, 'Suspended', 1, 1, $p, 1)");
        var bookmark = Prepare(connection, "INSERT INTO WorkflowBookmarks (Id, InstanceId, ActivityId, Kind, CreatedAt) VALUES ($id, $p, 'task', 'Task', 1)");
        var task = Prepare(connection, "INSERT INTO WorkflowTasks (Id, InstanceId, DefinitionId, ActivityId, Title, Priority, Status, OutcomesJson, FormJson, CreatedAt) VALUES ($id, $p, 'bench-task', 'task', 'Follow up', 'normal', 'Open', '[\"done\"]', '[]', 1)");
        var journal = Prepare(connection, "INSERT INTO WorkflowJournal (InstanceId, Sequence, ActivityId, ActivityType, StartedAt, EndedAt, Port) VALUES ($id, $p, 'a', 'core.setVariable', 1, 1, 'done')");
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            var id = Guid.NewGuid().ToString("N");
            using var tx = connection.BeginTransaction();
            Run(instance, tx, id, stateJson);
            Run(bookmark, tx, id, id);
            Run(task, tx, id, id);
            for (var s = 1; s <= journalRows; s++) Run(journal, tx, id, s);
            tx.Commit();
        }
        return n / sw.Elapsed.TotalSeconds;
    }

    private static SqliteCommand Prepare(SqliteConnection c, string sql)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        cmd.Parameters.Add("$id", SqliteType.Text);
        cmd.Parameters.Add("$p", SqliteType.Text);
        return cmd;
    }

    private static void Run(SqliteCommand cmd, SqliteTransaction tx, string id, object p)
    {
        cmd.Transaction = tx;
        cmd.Parameters[0].Value = id;
        cmd.Parameters[1].Value = p;
        cmd.ExecuteNonQuery();
    }
}
