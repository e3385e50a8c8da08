using System.Data.Common;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CrmWorkflow.Engine.Tests.Durable;

/// <summary>
/// A step's domain entities written with the step's own SQL must end exactly as SaveChanges
/// would leave them, fail the same way, and go through SaveChanges whenever they need it.
/// </summary>
public sealed class TrackedChangesWriterTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.FromHours(1));
    private readonly SqliteDatabase _database = new();
    // Commands EF sent: the writer's own commands do not pass EF's interceptors, SaveChanges' do.
    private readonly CommandRecorder _ef = new();

    public TrackedChangesWriterTests()
    {
        using var db = _database.Open();
        db.Accounts.Add(new Account { Id = "a", Name = "Alpha", Kind = AccountKind.Retail, Balance = 10, UpdatedAt = Noon });
        db.SaveChanges();
    }

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Save_AddedAccount_InsertsEveryValueAndLeavesItUnchanged()
    {
        await using var db = Open();
        var account = new Account { Id = "b", Name = "Beta", Kind = AccountKind.Key, Balance = 5, Owner = "ann", UpdatedAt = Noon.AddTicks(1234) };
        db.Accounts.Add(account);

        await StepSqlWriter.SaveAsync(db, StepWithInstance("i1"), default);

        Assert.Empty(_ef.Writes);
        AssertSaved(db, account);
        await using var fresh = _database.Open();
        Assert.True(await fresh.Set<WorkflowInstanceRecord>().AnyAsync(i => i.Id == "i1"));
        // The same values saved by SaveChanges are stored alike, to the byte.
        fresh.Accounts.Add(new Account { Id = "c", Name = "Gamma", Kind = AccountKind.Key, Balance = 5, Owner = "ann", UpdatedAt = account.UpdatedAt });
        await fresh.SaveChangesAsync();
        var rows = await fresh.Database.SqlQueryRaw<string>(
            "SELECT quote(Kind) || ' ' || quote(Balance) || ' ' || quote(Owner) || ' ' || quote(UpdatedAt) AS Value FROM Accounts WHERE Id IN ('b', 'c')").ToListAsync();
        Assert.Equal(rows[0], rows[1]);
    }

    [Fact]
    public async Task Save_ModifiedAccount_WritesOnlyTheChangedColumns()
    {
        await using var db = Open();
        var account = await db.Accounts.SingleAsync(a => a.Id == "a");
        await ExecAsync("UPDATE Accounts SET Owner = 'someone else' WHERE Id = 'a'");
        account.UpdatedAt = Noon.AddHours(1);
        account.Balance = 11;

        await StepSqlWriter.SaveAsync(db, new StepChanges(), default);

        Assert.Empty(_ef.Writes);
        AssertSaved(db, account);
        await using var fresh = _database.Open();
        var stored = await fresh.Accounts.SingleAsync(a => a.Id == "a");
        Assert.Equal(("someone else", 11, Noon.AddHours(1)), (stored.Owner, stored.Balance, stored.UpdatedAt));
    }

    [Fact]
    public async Task Save_TokenChangedByAnotherStep_ThrowsConcurrencyAndWritesNothing()
    {
        await using var db = Open();
        var account = await db.Accounts.SingleAsync(a => a.Id == "a");
        await ExecAsync("UPDATE Accounts SET Balance = 20 WHERE Id = 'a'");
        account.Balance = 11;
        db.Accounts.Add(new Account { Id = "b", Name = "Beta", UpdatedAt = Noon });

        var error = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => StepSqlWriter.SaveAsync(db, StepWithInstance("i1"), default));

        Assert.Same(account, Assert.Single(error.Entries).Entity);
        Assert.Contains("Account 'a'", error.Message);
        Assert.Equal(EntityState.Modified, db.Entry(account).State);
        await using var fresh = _database.Open();
        Assert.Equal(20, (await fresh.Accounts.SingleAsync(a => a.Id == "a")).Balance);
        Assert.False(await fresh.Accounts.AnyAsync(a => a.Id == "b"));
        Assert.False(await fresh.Set<WorkflowInstanceRecord>().AnyAsync());
    }

    [Fact]
    public async Task Save_RowDeletedByAnotherStep_ThrowsConcurrency()
    {
        await using var db = Open();
        // Written first in the same command: its row must not count for the missing one.
        db.Accounts.Add(new Account { Id = "b", Name = "Beta", UpdatedAt = Noon });
        var account = await db.Accounts.SingleAsync(a => a.Id == "a");
        await ExecAsync("DELETE FROM Accounts WHERE Id = 'a'");
        account.Owner = "ann";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => StepSqlWriter.SaveAsync(db, new StepChanges(), default));

        await using var fresh = _database.Open();
        Assert.False(await fresh.Accounts.AnyAsync());
    }

    [Fact]
    public async Task Save_DuplicateUniqueValue_ThrowsDbUpdateExceptionAndWritesNothing()
    {
        await using var db = Open();
        db.Accounts.Add(new Account { Id = "b", Name = "Alpha", UpdatedAt = Noon });

        var error = await Assert.ThrowsAsync<DbUpdateException>(() => StepSqlWriter.SaveAsync(db, StepWithInstance("i1"), default));

        Assert.IsNotType<DbUpdateConcurrencyException>(error);
        await using var fresh = _database.Open();
        Assert.Equal(1, await fresh.Accounts.CountAsync());
        Assert.False(await fresh.Set<WorkflowInstanceRecord>().AnyAsync());
    }

    [Fact]
    public async Task Save_AddedRowWithDatabaseGeneratedKey_GoesThroughSaveChangesForTheWholeStep()
    {
        await using var db = Open();
        var note = new Note { Key = "n", Text = "hello" };
        db.Notes.Add(note);
        var account = new Account { Id = "b", Name = "Beta", UpdatedAt = Noon };
        db.Accounts.Add(account);

        await StepSqlWriter.SaveAsync(db, new StepChanges(), default);

        Assert.Equal(2, _ef.Writes.Count(sql => sql.Contains("INSERT", StringComparison.Ordinal)));
        Assert.True(note.Id > 0);
        AssertSaved(db, note);
        AssertSaved(db, account);
    }

    [Fact]
    public async Task Save_DeletedRow_GoesThroughSaveChanges()
    {
        await using var db = Open();
        db.Accounts.Remove(await db.Accounts.SingleAsync(a => a.Id == "a"));

        await StepSqlWriter.SaveAsync(db, new StepChanges(), default);

        Assert.Contains(_ef.Writes, sql => sql.Contains("DELETE", StringComparison.Ordinal));
        await using var fresh = _database.Open();
        Assert.False(await fresh.Accounts.AnyAsync());
    }

    [Fact]
    public async Task Save_ModifiedUniqueValue_GoesThroughSaveChanges()
    {
        await using var db = Open();
        (await db.Accounts.SingleAsync(a => a.Id == "a")).Name = "Renamed";

        await StepSqlWriter.SaveAsync(db, new StepChanges(), default);

        Assert.Contains(_ef.Writes, sql => sql.Contains("UPDATE", StringComparison.Ordinal));
        await using var fresh = _database.Open();
        Assert.Equal("Renamed", (await fresh.Accounts.SingleAsync()).Name);
    }

    [Fact]
    public async Task Save_ContextWithSaveChangesInterceptor_StillRunsIt()
    {
        var saving = new SavingCounter();
        await using var db = Open(saving);
        db.Accounts.Add(new Account { Id = "b", Name = "Beta", UpdatedAt = Noon });

        await StepSqlWriter.SaveAsync(db, new StepChanges(), default);

        Assert.Equal(1, saving.Count);
    }

    [Fact]
    public async Task Save_ContextWithSavedChangesHandler_StillRaisesIt()
    {
        await using var db = Open();
        var raised = 0;
        db.SavedChanges += (_, _) => raised++;
        db.Accounts.Add(new Account { Id = "b", Name = "Beta", UpdatedAt = Noon });

        await StepSqlWriter.SaveAsync(db, new StepChanges(), default);

        Assert.Equal(1, raised);
    }

    private TestDbContext Open(params IInterceptor[] more) => new(new DbContextOptionsBuilder<TestDbContext>()
        .UseSqlite(_database.ConnectionString).AddInterceptors([_ef, .. more]).Options);

    private static void AssertSaved(TestDbContext db, object entity)
    {
        var entry = db.Entry(entity);
        Assert.Equal(EntityState.Unchanged, entry.State);
        Assert.All(entry.Properties, p => Assert.Equal(p.CurrentValue, p.OriginalValue));
        Assert.DoesNotContain(entry.Properties, p => p.IsModified);
    }

    [Fact]
    public async Task Save_InstanceStoredBefore_IsRefusedAsAnUpdateException()
    {
        await using (var first = Open()) await StepSqlWriter.SaveAsync(first, StepWithInstance("i1"), default);
        await using var db = Open();

        // The background worker treats this as "stored when the event was handled before".
        var error = await Assert.ThrowsAsync<DbUpdateException>(() => StepSqlWriter.SaveAsync(db, StepWithInstance("i1"), default));

        Assert.IsAssignableFrom<DbException>(error.InnerException);
    }

    private StepChanges StepWithInstance(string id)
    {
        var changes = new StepChanges();
        changes.Inserts.Add(new WorkflowInstanceRecord
        {
            Id = id, DefinitionId = "d", Version = 1, Status = WorkflowStatus.Suspended, CreatedAt = Noon, UpdatedAt = Noon, StateJson = "{}",
        });
        return changes;
    }

    private async Task ExecAsync(string sql)
    {
        await using var other = _database.Open();
        await other.Database.ExecuteSqlRawAsync(sql);
    }

    private sealed class CommandRecorder : DbCommandInterceptor
    {
        public List<string> Writes { get; } = [];

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData,
            InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            if (!command.CommandText.TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)) Writes.Add(command.CommandText);
            return ValueTask.FromResult(result);
        }
    }

    private sealed class SavingCounter : SaveChangesInterceptor
    {
        public int Count { get; private set; }

        public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
            CancellationToken cancellationToken = default)
        {
            Count++;
            return ValueTask.FromResult(result);
        }
    }
}
