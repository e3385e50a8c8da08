using CrmWorkflow.Engine;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// Usage: CrmWorkflow.Engine.TestHost <database file> <host id>
// Runs the workflow worker against the database until killed. The activity `test.block`
// prints "BLOCKED <instance id>" and then never returns, so the test knows when to kill us.
var services = new ServiceCollection()
    .AddLogging()
    .AddDbContextFactory<HostDbContext>(o => o.UseSqlite($"Data Source={args[0]};Default Timeout=60").AddInterceptors(new SqlitePragmas()))
    .AddWorkflowEngine<HostDbContext>(typeof(HostDbContext).Assembly)
    .AddWorkflowWorker()
    .Configure<WorkflowRuntimeOptions>(o =>
    {
        o.HostId = args[1];
        o.PollInterval = TimeSpan.FromMilliseconds(100);
        o.LeaseDuration = TimeSpan.FromSeconds(2);
    })
    .BuildServiceProvider();
foreach (var worker in services.GetServices<IHostedService>()) await worker.StartAsync(CancellationToken.None);
Console.WriteLine("READY");
await Task.Delay(Timeout.Infinite);

internal sealed class HostDbContext(DbContextOptions<HostDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) => modelBuilder.ApplyWorkflowEngineModel();
    protected override void ConfigureConventions(ModelConfigurationBuilder b) => b.UseWorkflowEngineConventions(isSqlite: true);
}

[Activity("test.block", "Test", "Announces itself and never returns.")]
internal sealed class BlockActivity : Activity
{
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        Console.WriteLine($"BLOCKED {context.Instance.Id}");
        await Task.Delay(Timeout.Infinite, context.CancellationToken);
        return ActivityOutcome.Done;
    }
}
