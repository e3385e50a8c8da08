using System.Diagnostics;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Activity = CrmWorkflow.Engine.Activities.Activity;
using ActivityContext = CrmWorkflow.Engine.Runtime.ActivityContext;

namespace CrmWorkflow.Engine.Tests.Durable;

/// <summary>The surviving host's version of test.block: it just continues.</summary>
[Activity("test.block", "Test", "Continues at once (the killed host's version never returns).")]
public sealed class PassThroughBlockActivity : Activity
{
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityOutcome.Done);
}

public sealed class ProcessKillTests : IDisposable
{
    private const string Flow = """
        {
          "definitionId": "kill-me", "name": "Kill me",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "block", "type": "test.block" },
            { "id": "call", "type": "core.humanTask", "inputs": { "title": "Call the customer" } },
            { "id": "end", "type": "core.end" }
          ],
          "connections": [ { "from": "start", "to": "block" }, { "from": "block", "to": "call" }, { "from": "call", "to": "end" } ]
        }
        """;

    private readonly SqliteDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task HostProcessKilledMidRun_SurvivorResumesAfterLease_WithOneTask()
    {
        using var survivor = _db.NewHost(TimeProvider.System, "survivor", null, new PassThroughBlockActivity());
        await survivor.PublishAsync(Flow);
        var accepted = await survivor.Runtime.StartAsync("kill-me", null, new() { Defer = true });

        using (var victim = StartVictim())
        {
            var line = await ReadUntilAsync(victim, "BLOCKED", TimeSpan.FromSeconds(60));
            Assert.Equal($"BLOCKED {accepted.InstanceId}", line);
            victim.Kill(entireProcessTree: true);
            await victim.WaitForExitAsync();
        }

        await using (var db = _db.Open())
        {
            Assert.Equal(0, await db.Set<HumanTaskRecord>().CountAsync());
            Assert.Equal(WorkflowStatus.Running, (await db.Set<WorkflowInstanceRecord>().SingleAsync()).Status);
        }
        // The victim's lease (2 s) must run out before anyone else may take the instance.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (await survivor.Runtime.ProcessPendingWorkAsync() == 0 && DateTime.UtcNow < deadline)
            await Task.Delay(200);

        var state = await survivor.Runtime.GetStateAsync(accepted.InstanceId);
        Assert.Equal(WorkflowStatus.Suspended, state!.Status);
        await survivor.Runtime.CompleteTaskAsync(state.Bookmarks.Single().Id, null, null, "u1");
        await using var check = _db.Open();
        Assert.Equal(1, await check.Set<HumanTaskRecord>().CountAsync());
        Assert.Equal(WorkflowStatus.Finished, (await check.Set<WorkflowInstanceRecord>().SingleAsync()).Status);
    }

    private Process StartVictim()
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "CrmWorkflow.Engine.TestHost.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(dll);
        info.ArgumentList.Add(_db.Path);
        info.ArgumentList.Add("victim");
        return Process.Start(info) ?? throw new InvalidOperationException("Could not start the test host.");
    }

    private static async Task<string> ReadUntilAsync(Process process, string prefix, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var line = await process.StandardOutput.ReadLineAsync(cts.Token)
                       ?? throw new InvalidOperationException($"The test host exited before printing {prefix}.");
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line;
        }
    }
}
