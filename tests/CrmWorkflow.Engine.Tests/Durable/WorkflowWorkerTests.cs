using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using CrmWorkflow.Engine.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CrmWorkflow.Engine.Tests.Durable;

public sealed class WorkflowWorkerTests : IDisposable
{
    private readonly SqliteDatabase _db = new();

    public void Dispose() => _db.Dispose();

    [Fact]
    public async Task Worker_TimerFallsDue_FiresItWithoutAnyCall()
    {
        using var host = _db.NewHost(configure: s => s.AddWorkflowWorker().Configure<WorkflowRuntimeOptions>(o => o.PollInterval = TimeSpan.FromSeconds(1)));
        await host.PublishAsync(Flows.Delay);
        var started = await host.Runtime.StartAsync("wait-a-day", null);
        var worker = host.Services.GetServices<IHostedService>().Single();
        await worker.StartAsync(CancellationToken.None);
        try
        {
            _db.Clock.Advance(TimeSpan.FromDays(1));
            var deadline = DateTime.UtcNow.AddSeconds(20);
            WorkflowStatus status;
            do
            {
                await Task.Delay(20);
                _db.Clock.Advance(TimeSpan.FromSeconds(1)); // lets the worker's poll delay elapse
                status = (await host.Runtime.GetStateAsync(started.InstanceId))!.Status;
            } while (status != WorkflowStatus.Finished && DateTime.UtcNow < deadline);

            Assert.Equal(WorkflowStatus.Finished, status);
        }
        finally
        {
            await worker.StopAsync(CancellationToken.None);
        }
    }
}
