using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Engine.Timers;

/// <summary>
/// Background dispatcher: fires due timers, processes the outbox and resumes instances left
/// Running after a crash. Safe to run on several hosts against one database.
/// </summary>
public sealed class WorkflowWorker(
    WorkflowRuntime runtime,
    TimeProvider clock,
    IOptions<WorkflowRuntimeOptions> options,
    ILogger<WorkflowWorker> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        logger.LogInformation("Workflow worker {HostId} started; polling every {Interval}.", runtime.HostId, options.Value.PollInterval);
        while (!stoppingToken.IsCancellationRequested)
        {
            var busy = false;
            try
            {
                busy |= await runtime.FireDueTimersAsync(stoppingToken) > 0;
                busy |= await runtime.ProcessPendingWorkAsync(stoppingToken) > 0;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A database hiccup must not stop the worker; the next round tries again.
                logger.LogError(ex, "Workflow worker round failed.");
            }
            // A full batch means more is waiting: go again at once.
            if (!busy)
            {
                try { await Task.Delay(options.Value.PollInterval, clock, stoppingToken); }
                catch (OperationCanceledException) { break; }
            }
        }
    }
}
