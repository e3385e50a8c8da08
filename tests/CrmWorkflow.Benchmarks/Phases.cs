using System.Diagnostics;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Benchmarks;

/// <summary>Where a durable start spends its time (diagnostic, not a target).</summary>
internal static class Phases
{
    public static async Task RunAsync(IServiceProvider services, int n)
    {
        var store = services.GetRequiredService<WorkflowDefinitionStore>();
        var executor = services.GetRequiredService<WorkflowExecutor>();
        var factory = services.GetRequiredService<IWorkflowDbContextFactory>();
        var t = new double[5];
        var sw = new Stopwatch();
        for (var i = 0; i < n; i++)
        {
            sw.Restart();
            var flow = await store.GetCompiledAsync("bench-task");
            t[0] += sw.Elapsed.TotalMicroseconds; sw.Restart();
            var state = executor.CreateInstance(flow, null);
            var effects = await executor.RunAsync(flow, state);
            t[1] += sw.Elapsed.TotalMicroseconds; sw.Restart();
            var changes = new StepChanges();
            StepWriter.Apply(changes, StepWriter.NewRecord(state), true, state, effects, new HashSet<string>(), TimeProvider.System, () => Guid.NewGuid().ToString("N"));
            t[2] += sw.Elapsed.TotalMicroseconds; sw.Restart();
            await using var db = factory.CreateDbContext();
            t[3] += sw.Elapsed.TotalMicroseconds; sw.Restart();
            await StepSqlWriter.SaveAsync(db, changes, default);
            t[4] += sw.Elapsed.TotalMicroseconds;
        }
        string[] names = ["definition lookup", "create + run", "rows + state JSON", "DbContext", "SQL write + commit"];
        for (var k = 0; k < t.Length; k++) Console.WriteLine($"  {names[k],-20} {t[k] / n,8:N1} µs");
    }
}
