using Microsoft.Data.Sqlite;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>The running app gives SQLite's planner statistics, which some task-list orders depend on.</summary>
public sealed class DatabaseStatisticsTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Started_App_GathersPlannerStatisticsForTheCrmTables()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        long rows;
        do
        {
            await using var db = new SqliteConnection($"Data Source={App.DatabasePath}");
            await db.OpenAsync();
            await using var count = db.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'";
            rows = (long)(await count.ExecuteScalarAsync())! == 0 ? 0 : await CustomerStatsAsync(db);
            if (rows > 0) break;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);

        Assert.True(rows > 0, "No planner statistics for Customers 30 s after start.");
    }

    private static async Task<long> CustomerStatsAsync(SqliteConnection db)
    {
        await using var stats = db.CreateCommand();
        stats.CommandText = "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'Customers'";
        return (long)(await stats.ExecuteScalarAsync())!;
    }
}
