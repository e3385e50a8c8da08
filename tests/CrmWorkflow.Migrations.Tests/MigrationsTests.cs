using CrmWorkflow.Crm.Data;
using CrmWorkflow.Web.Startup;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CrmWorkflow.Migrations.Tests;

public sealed class MigrationsTests : ProviderContexts
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Model_ComparedWithLastMigration_HasNoPendingChanges(DatabaseProvider provider)
    {
        using var db = Context(provider);

        Assert.False(db.Database.HasPendingModelChanges(),
            $"The model has changes with no {provider} migration: run scripts/add-migration.sh <Name>.");
    }

    [Fact]
    public void Migrations_BothProviders_HaveTheSameIdsInTheSameOrder()
    {
        using var sqlite = Context(DatabaseProvider.Sqlite);
        using var sqlServer = Context(DatabaseProvider.SqlServer);

        var sqliteIds = sqlite.Database.GetMigrations().ToList();

        Assert.NotEmpty(sqliteIds);
        Assert.Equal(sqliteIds, sqlServer.Database.GetMigrations().ToList());
    }

    [Fact]
    public void SqlServerIdempotentScript_ParsedWithLatestTSqlParser_HasNoErrors()
    {
        using var db = Context(DatabaseProvider.SqlServer);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        var parser = new TSql180Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(script);
        parser.Parse(reader, out var errors);

        Assert.Contains("CREATE TABLE [WorkflowInstances]", script);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")));
    }

    [Fact]
    public async Task Sqlite_MigrateFreshFile_CreatesEveryTableOfTheModel()
    {
        await using var db = Context(DatabaseProvider.Sqlite);

        await db.Database.MigrateAsync();

        var tables = await db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync();
        foreach (var table in db.Model.GetEntityTypes().Select(e => e.GetTableName()).Distinct())
            Assert.Contains(table, tables);
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Theory]
    [InlineData("Nor")]
    [InlineData("nor")]
    [InlineData("someone@")]
    public async Task Sqlite_CustomerPrefixSearch_UsesAnIndexInsteadOfReadingEveryCustomer(string text)
    {
        await using var db = Context(DatabaseProvider.Sqlite);
        await db.Database.MigrateAsync();
        // The same predicates as the customer search, with EF's own SQL and its parameters bound.
        var query = text.Contains('@')
            ? db.Customers.Where(c => c.Email != null && c.Email.StartsWith(text)).Select(c => c.Id)
            : db.Customers.Where(c => c.Name.StartsWith(text)).Select(c => c.Id);
        var plan = await PlanAsync(db, query);

        Assert.Contains(plan, p => p.Contains(text.Contains('@') ? "IX_Customers_Email_NoCase" : "IX_Customers_Name_NoCase", StringComparison.Ordinal));
        Assert.DoesNotContain(plan, p => p.StartsWith("SCAN", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Sqlite_InAppMessagesOfAUser_ReadThroughTheFilteredIndexNotEveryMessage()
    {
        await using var db = Context(DatabaseProvider.Sqlite);
        await db.Database.MigrateAsync();
        // The bell's count and the messages page, with EF's own SQL and its parameters bound.
        string[] names = ["user-1", "user-1@test.local", "cm-1"];
        foreach (var query in new IQueryable[]
                 {
                     CrmWorkflow.Crm.Features.Notifications.InAppNotifications.Mine(db, names).Where(m => m.ReadAt == null).Select(m => m.Id),
                     CrmWorkflow.Crm.Features.Notifications.InAppNotifications.Mine(db, names).OrderByDescending(m => m.CreatedAt).Take(50),
                 })
        {
            var plan = await PlanAsync(db, query);

            Assert.Contains(plan, p => p.Contains("IX_OutboundMessages_InApp_Recipient_CreatedAt", StringComparison.Ordinal));
            Assert.DoesNotContain(plan, p => p.StartsWith("SCAN", StringComparison.Ordinal));
        }
    }
}
