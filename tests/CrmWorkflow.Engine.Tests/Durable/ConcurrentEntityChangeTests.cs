using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Engine.Tests.Durable;

/// <summary>Adds one to an account's balance in the step's unit of work, like an assignment raising a manager's load.</summary>
[Activity("test.chargeAccount", "Test", "Adds one to an account's balance.")]
public sealed class ChargeAccountActivity : Activity
{
    /// <summary>Runs once between reading and changing the account: another step getting there first.</summary>
    public static ConcurrentDictionary<string, Func<Task>> Races { get; } = new();

    [Input("Id of the account.", Required = true)]
    public Input<string> Account { get; } = new();

    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Services.GetRequiredService<DbContext>();
        var account = await db.Set<Account>().SingleAsync(a => a.Id == context.Get(Account), context.CancellationToken);
        if (Races.TryRemove(account.Id, out var race)) await race();
        account.Balance++;
        return ActivityOutcome.Done;
    }
}

/// <summary>Two steps changing one guarded row at once: one wins, the other runs again on the winner's value.</summary>
public sealed class ConcurrentEntityChangeTests : IDisposable
{
    private const string Charge = """
        {
          "definitionId": "charge", "name": "Charge",
          "inputs": [{ "name": "account", "type": "string", "required": true }],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "charge", "type": "test.chargeAccount", "inputs": { "account": { "expr": "input.account" } } },
            { "id": "task", "type": "core.humanTask", "inputs": { "title": "Follow up" } }
          ],
          "connections": [ { "from": "start", "to": "charge" }, { "from": "charge", "to": "task" } ]
        }
        """;

    private readonly SqliteDatabase _db = new();
    private readonly TestHost _host;
    private readonly string _account = "acc-" + Guid.NewGuid().ToString("N")[..8];

    public ConcurrentEntityChangeTests()
    {
        _host = _db.NewHost(extraActivities: new ChargeAccountActivity());
        _host.PublishAsync(Charge).GetAwaiter().GetResult();
        using var db = _db.Open();
        db.Accounts.Add(new Account { Id = _account, Name = _account, Balance = 10 });
        db.SaveChanges();
    }

    public void Dispose()
    {
        _host.Dispose();
        _db.Dispose();
    }

    [Fact]
    public async Task Start_AccountChangedAfterTheStepReadIt_RunsAgainAndCountsBoth()
    {
        ChargeAccountActivity.Races[_account] = async () =>
        {
            await using var other = _db.Open();
            await other.Database.ExecuteSqlRawAsync("UPDATE Accounts SET Balance = Balance + 1 WHERE Id = {0}", _account);
        };

        var started = await _host.Runtime.StartAsync("charge", new JsonObject { ["account"] = _account });

        Assert.Single(started.TasksCreated);
        await using var db = _db.Open();
        Assert.Equal(12, (await db.Accounts.SingleAsync(a => a.Id == _account)).Balance);
        Assert.Equal(1, await db.Set<WorkflowInstanceRecord>().CountAsync());
        Assert.Equal(1, await db.Set<HumanTaskRecord>().CountAsync());
    }

    [Fact]
    public async Task Start_TwoAtOnce_BothCountExactlyOnce()
    {
        await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            _host.Runtime.StartAsync("charge", new JsonObject { ["account"] = _account }))));

        await using var db = _db.Open();
        Assert.Equal(12, (await db.Accounts.SingleAsync(a => a.Id == _account)).Balance);
    }
}
