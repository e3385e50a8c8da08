using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Benchmarks;

/// <summary>In-run A/B comparisons of the lead path: one switch off and on in alternating blocks.</summary>
internal static partial class LeadsBenchmark
{
    // Compiled statements kept against compiled each time, alternating blocks in one run so
    // that drift on a shared machine falls on both alike.
    private static Task CompareStatementCacheAsync(HttpClient client, int block) =>
        CompareAsync(client, block, "statement cache", on => CrmWorkflow.Engine.Persistence.StatementCache.Enabled = on);

    // The managers kept in memory (version row and counters read per lead) against read in full per lead.
    private static Task CompareManagerRosterAsync(HttpClient client, int block) =>
        CompareAsync(client, block, "manager roster", on => CrmWorkflow.Crm.Features.Leads.ManagerRoster.Enabled = on);

    // A step's CRM entities written with the step's own SQL against EF SaveChanges.
    private static Task CompareTrackedChangesWriterAsync(HttpClient client, int block) =>
        CompareAsync(client, block, "entities by the step's SQL (off: SaveChanges)", on => CrmWorkflow.Engine.Persistence.TrackedChangesWriter.Enabled = on);

    // Each of a step's statements as a command of its own against all of them in one command.
    private static Task CompareOneStatementPerCommandAsync(HttpClient client, int block) =>
        CompareAsync(client, block, "one statement per command (off: a step's statements in one command)",
            on => CrmWorkflow.Engine.Persistence.StepSqlWriter.OneStatementPerCommand = on);

    // Log checkpoints in the background against in the commit that takes the log past 1,000 pages (SQLite's default).
    private static Task CompareCheckpointerAsync(HttpClient client, int block, IServiceProvider services) =>
        CompareAsync(client, block, "background log checkpoints (off: in the commits, every 1,000 pages)", on =>
        {
            CrmWorkflow.Web.Startup.WalCheckpointer.Enabled = on;
            services.GetRequiredService<CrmWorkflow.Web.Startup.SqliteConnectionLender>()
                .ApplyToIdle($"PRAGMA wal_autocheckpoint={(on ? CrmWorkflow.Engine.Persistence.SqlitePragmas.SafetyCheckpointPages : 1000)}");
        });

    // A switch off and on in alternating blocks (3 each) in one run: rate, CPU and allocations per lead.
    private static async Task CompareAsync(HttpClient client, int block, string label, Action<bool> set)
    {
        var (on, off) = await AlternateAsync(async enabled =>
        {
            set(enabled);
            return await MeasureAsync(client, block);
        });
        set(true);
        Console.WriteLine($"{label}, 3 alternating blocks of {block} leads each: {on.Rate:N0} leads/s with, {off.Rate:N0} without (ratio {on.Rate / off.Rate:P0});"
            + $" CPU {on.CpuMicros:N0} / {off.CpuMicros:N0} µs and {on.Kb:N0} / {off.Kb:N0} KB allocated per lead; 99 % answered within {on.P99:N0} / {off.P99:N0} µs");
    }

    // The floor over HTTP: the same body to a hand-written endpoint that only runs the lead's
    // statements (RawLeadEndpoint), against POST /api/leads, in alternating blocks.
    private static async Task CompareFloorAsync(HttpClient client, int block)
    {
        var (app, floor) = await AlternateAsync(app => MeasureAsync(client, block, app ? "/api/leads" : RawLeadEndpoint.Path));
        Console.WriteLine($"floor over HTTP (POST {RawLeadEndpoint.Path}: sign-in, the same body, the lead's statements as hand-written ADO.NET in one transaction), 3 alternating blocks of {block} leads each:"
            + $" {floor.Rate:N0} leads/s ({1e6 / floor.Rate:N0} µs each, CPU {floor.CpuMicros:N0} µs, 99 % within {floor.P99:N0} µs);"
            + $" POST /api/leads {app.Rate:N0} leads/s ({1e6 / app.Rate:N0} µs each, CPU {app.CpuMicros:N0} µs, 99 % within {app.P99:N0} µs); ratio {app.Rate / floor.Rate:P0}");
    }

    // Three rounds of (false, true); returns the averages of the true and the false blocks.
    private static async Task<(Averages On, Averages Off)> AlternateAsync(Func<bool, Task<(double Rate, double CpuMicros, double Kb, double P99)>> measure)
    {
        var (on, off) = (new Averages(), new Averages());
        for (var round = 0; round < 3; round++)
            foreach (var enabled in new[] { false, true })
                (enabled ? on : off).Add(await measure(enabled));
        return (on, off);
    }

    private sealed class Averages
    {
        private double _rate, _cpu, _kb, _p99;
        private int _count;

        public double Rate => _rate / _count;
        public double CpuMicros => _cpu / _count;
        public double Kb => _kb / _count;
        public double P99 => _p99 / _count;

        public void Add((double Rate, double CpuMicros, double Kb, double P99) s) =>
            (_rate, _cpu, _kb, _p99, _count) = (_rate + s.Rate, _cpu + s.CpuMicros, _kb + s.Kb, _p99 + s.P99, _count + 1);
    }
}
