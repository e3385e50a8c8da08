using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrmWorkflow.Engine.Runtime.Durable;

/// <summary>
/// Tells whoever shows tasks (open inboxes) that tasks were created, completed, cancelled or
/// reassigned. Raised only after the step that changed them committed, so a listener that
/// reloads sees the change, and a step that rolled back raises nothing. In-process only:
/// another host sharing the database does not hear it.
/// </summary>
public sealed class TaskChanges(ILogger<TaskChanges>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Raised with the ids of the tasks a committed step touched. Handlers must return quickly.</summary>
    public event Action<IReadOnlyCollection<string>>? Changed;

    internal void Publish(IReadOnlyCollection<string> taskIds)
    {
        if (taskIds.Count == 0 || Changed is not { } handlers) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action<IReadOnlyCollection<string>>>())
        {
            try
            {
                handler(taskIds);
            }
            catch (Exception ex)
            {
                // A broken listener (a closed page) must not fail the workflow step that already committed.
                _logger.LogWarning(ex, "A task-change listener failed.");
            }
        }
    }
}
