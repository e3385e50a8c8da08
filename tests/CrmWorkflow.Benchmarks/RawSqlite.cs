using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// The ceiling: the same rows a start writes (instance with its state JSON, bookmark, task,
/// five journal rows), inserted with prepared ADO.NET commands, one transaction per start.
/// </summary>
internal static class RawSqlite
{
    public static double StartsPerSecond(string connectionString, int n, string stateJson)
    {
        using var connection = new SqliteConnection(connectionString);
        connection.Open();
        using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            pragma.ExecuteNonQuery();
        }
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            var id = Guid.NewGuid().ToString("N");
            using var tx = connection.BeginTransaction();
            Exec(connection, tx, "INSERT INTO WorkflowInstances (Id, DefinitionId, Version, Status, CreatedAt, UpdatedAt, StateJson, Revision) VALUES ($a, 'bench-task', 1, 'Suspended', 1, 1, $b, 1)", id, stateJson);
            Exec(connection, tx, "INSERT INTO WorkflowBookmarks (Id, InstanceId, ActivityId, Kind, CreatedAt) VALUES ($a, $b, 'task', 'Task', 1)", id, id);
            Exec(connection, tx, "INSERT INTO WorkflowTasks (Id, InstanceId, DefinitionId, ActivityId, Title, Priority, Status, OutcomesJson, FormJson, CreatedAt) VALUES ($a, $b, 'bench-task', 'task', 'Follow up', 'normal', 'Open', '[\"done\"]', '[]', 1)", id, id);
            for (var s = 1; s <= 5; s++)
                Exec(connection, tx, $"INSERT INTO WorkflowJournal (InstanceId, Sequence, ActivityId, ActivityType, StartedAt, EndedAt, Port) VALUES ($a, {s}, 'a', 'core.setVariable', 1, 1, $b)", id, "done");
            tx.Commit();
        }
        return n / sw.Elapsed.TotalSeconds;
    }

    private static void Exec(SqliteConnection c, SqliteTransaction tx, string sql, string a, string b)
    {
        using var cmd = c.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        cmd.Parameters.AddWithValue("$a", a);
        cmd.Parameters.AddWithValue("$b", b);
        cmd.ExecuteNonQuery();
    }
}
