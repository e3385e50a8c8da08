using System.Diagnostics;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Engine.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace CrmWorkflow.Crm.Seeding;

/// <summary>What to generate.</summary>
public sealed record SeedOptions
{
    public int Customers { get; init; } = 500;
    public int Managers { get; init; } = 40;
    public double OrdersPerCustomer { get; init; } = 5;
    /// <summary>Same seed and same <see cref="Now"/>, same data.</summary>
    public int Seed { get; init; } = 20261125;
    /// <summary>The moment the history ends; the clock's today when null.</summary>
    public DateTimeOffset? Now { get; init; }
}

/// <summary>Progress of a seed run.</summary>
public sealed record SeedProgress(string Stage, long Done, long Total, long Rows, TimeSpan Elapsed);

/// <summary>What a seed run wrote.</summary>
public sealed record SeedReport(long Rows, TimeSpan Elapsed, IReadOnlyDictionary<string, long> RowsPerTable)
{
    public double RowsPerSecond => Rows / Math.Max(Elapsed.TotalSeconds, 0.001);
}

/// <summary>
/// Deterministic demo and load data: customers with contacts, a history of orders, payments and
/// interactions with seasonality, client managers and their account history, open leads,
/// complaints in every state, SLA policies, products and two rollout projects. Rows go in with
/// prepared multi-row inserts in large transactions.
/// </summary>
public sealed partial class CrmDataGenerator(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock)
{
    private const int CustomersPerTransaction = 5_000;

    /// <summary>Generates into an empty CRM; refuses when customers exist already.</summary>
    public async Task<SeedReport> GenerateAsync(SeedOptions options, IProgress<SeedProgress>? progress = null, CancellationToken ct = default)
    {
        if (options.Customers < 1) throw new ArgumentOutOfRangeException(nameof(options), "Generate at least one customer.");
        if (options.Managers < 1) throw new ArgumentOutOfRangeException(nameof(options), "Generate at least one client manager.");
        var watch = Stopwatch.StartNew();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Customers.AnyAsync(ct))
            throw new InvalidOperationException("The database already has customers; seed into an empty CRM (delete data/crmworkflow.db for a fresh one).");
        var now = (options.Now ?? clock.GetUtcNow()).ToUniversalTime();
        var state = new GeneratorState(new Random(options.Seed), now, options);
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await WriteAsync(db, state, "reference data", tables => WriteReferenceData(state, tables), ct);
            progress?.Report(new SeedProgress("customers", 0, options.Customers, state.Rows, watch.Elapsed));
            for (var first = 1; first <= options.Customers; first += CustomersPerTransaction)
            {
                var last = Math.Min(options.Customers, first + CustomersPerTransaction - 1);
                await WriteAsync(db, state, "customers", tables =>
                {
                    for (var id = first; id <= last; id++) WriteCustomer(state, tables, id);
                }, ct);
                progress?.Report(new SeedProgress("customers", last, options.Customers, state.Rows, watch.Elapsed));
            }
            await WriteAsync(db, state, "leads and complaints", tables => WriteLeadsAndComplaints(state, tables), ct);
            // Routing reads each manager's load from its counters (least loaded, capacity): they
            // must agree with the leads and accounts just generated, as in a live system.
            await Features.Managers.ManagerCounters.RecountAsync(db, ct);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        return new SeedReport(state.Rows, watch.Elapsed, state.PerTable);
    }

    private static async Task WriteAsync(CrmDbContext db, GeneratorState state, string what, Action<Tables> write, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        using (var tables = new Tables(db, transaction.GetDbTransaction(), state))
            write(tables);
        await transaction.CommitAsync(ct);
    }

    /// <summary>One bulk insert per table for the current transaction.</summary>
    private sealed class Tables(CrmDbContext db, System.Data.Common.DbTransaction transaction, GeneratorState state) : IDisposable
    {
        private readonly Dictionary<Type, BulkInsert> _inserts = [];
        private readonly ISqlGenerationHelper _sql = db.GetService<ISqlGenerationHelper>();

        private readonly List<string> _identityInserts = [];

        public void Add<T>(T row) where T : class
        {
            if (!_inserts.TryGetValue(typeof(T), out var insert))
            {
                var table = EntityTable.For(db, typeof(T));
                // SQL Server refuses explicit values in identity columns unless told otherwise.
                if (table.HasIdentityKey && db.Database.ProviderName == "Microsoft.EntityFrameworkCore.SqlServer")
                {
                    Execute($"SET IDENTITY_INSERT {table.Table(_sql)} ON");
                    _identityInserts.Add(table.Table(_sql));
                }
                _inserts[typeof(T)] = insert = table.CreateBulkInsert(db.Database.GetDbConnection(), transaction, _sql);
            }
            insert.Add(row);
            state.Count(typeof(T).Name);
        }

        public void Dispose()
        {
            foreach (var insert in _inserts.Values) insert.Dispose();
            foreach (var table in _identityInserts) Execute($"SET IDENTITY_INSERT {table} OFF");
        }

        private void Execute(string sql)
        {
            using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
