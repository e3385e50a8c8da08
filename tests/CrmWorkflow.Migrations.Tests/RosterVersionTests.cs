using System.Text.RegularExpressions;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Web.Startup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CrmWorkflow.Migrations.Tests;

/// <summary>The roster version's triggers: every write that changes whom routing may pick moves it, counters do not.</summary>
public sealed partial class RosterVersionTests : ProviderContexts
{
    [GeneratedRegex(@"EXEC\(N'((?:[^']|'')*CREATE TRIGGER(?:[^']|'')*)'\)")]
    private static partial Regex TriggerBatch();

    [Fact]
    public void SqlServerScript_TriggerBatches_ParseWithoutErrorsAndCoverEveryDeclaredTrigger()
    {
        using var db = Context(DatabaseProvider.SqlServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var bodies = TriggerBatch().Matches(script).Select(m => m.Groups[1].Value.Replace("''", "'")).ToList();

        Assert.Equal(RosterTriggers.ClientManagers.Length + RosterTriggers.OutOfOffice.Length, bodies.Count);
        foreach (var name in RosterTriggers.ClientManagers.Concat(RosterTriggers.OutOfOffice))
            Assert.Contains(bodies, b => b.Contains($"[{name}]", StringComparison.Ordinal));
        foreach (var body in bodies)
        {
            new TSql180Parser(initialQuotedIdentifiers: true).Parse(new StringReader(body), out var errors);
            Assert.True(errors.Count == 0, body + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => e.Message)));
        }
    }

    [Fact]
    public void RosterColumns_ComparedWithTheModel_AreEveryManagerColumnButTheCounters()
    {
        using var db = Context(DatabaseProvider.Sqlite);
        var columns = db.Model.FindEntityType(typeof(ClientManager))!.GetProperties().Select(p => p.GetColumnName()).ToHashSet();

        columns.ExceptWith([nameof(ClientManager.OpenLeads), nameof(ClientManager.KeyAccounts)]);

        Assert.Equal(columns.Order(), RosterTriggers.RosterColumns.Order());
    }

    [Fact]
    public async Task Sqlite_WritesToManagersAndAbsences_MoveTheVersionButCounterUpdatesDoNot()
    {
        await using var db = Context(DatabaseProvider.Sqlite);
        await db.Database.MigrateAsync();
        async Task<long> Version() => await db.RosterVersions.AsNoTracking().Select(v => v.Version).SingleAsync();
        async Task<bool> Moves(Func<Task> write)
        {
            var before = await Version();
            await write();
            return await Version() != before;
        }

        Assert.True(await Moves(async () => { db.ClientManagers.Add(new ClientManager { Id = "cm-1", Name = "One" }); await db.SaveChangesAsync(); }));
        Assert.False(await Moves(() => db.Database.ExecuteSqlRawAsync("UPDATE ClientManagers SET OpenLeads = OpenLeads + 1, KeyAccounts = 3")));
        Assert.True(await Moves(() => db.Database.ExecuteSqlRawAsync("UPDATE ClientManagers SET Regions = 'North'")));
        Assert.True(await Moves(() => db.ClientManagers.ExecuteUpdateAsync(u => u.SetProperty(m => m.IsActive, false))));
        var now = DateTimeOffset.UtcNow;
        Assert.True(await Moves(async () => { db.OutOfOffice.Add(new OutOfOffice { ManagerId = "cm-1", From = now, To = now.AddDays(1) }); await db.SaveChangesAsync(); }));
        Assert.True(await Moves(() => db.Database.ExecuteSqlRawAsync("UPDATE OutOfOffice SET \"To\" = '2030-01-01 00:00:00+00:00'")));
        Assert.True(await Moves(() => db.OutOfOffice.ExecuteDeleteAsync()));
        Assert.True(await Moves(() => db.ClientManagers.ExecuteDeleteAsync()));
    }
}
