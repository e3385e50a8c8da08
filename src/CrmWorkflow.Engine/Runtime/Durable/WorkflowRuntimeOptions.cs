namespace CrmWorkflow.Engine.Runtime.Durable;

/// <summary>Settings of the durable runtime and its background worker (section <c>Workflow:Runtime</c>).</summary>
public sealed class WorkflowRuntimeOptions
{
    /// <summary>Name of this host in leases; unique per process by default.</summary>
    public string HostId { get; set; } = DefaultHostId();

    private static string DefaultHostId()
    {
        var id = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid():N}";
        return id.Length <= 100 ? id : id[^100..];
    }

    /// <summary>How long a claimed timer, work item or instance stays with this host.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the worker looks for due timers and pending work.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Most timers or work items claimed at once.</summary>
    public int BatchSize { get; set; } = 100;

    /// <summary>Most follow-up steps (children, events) run inline after one call; the worker does the rest.</summary>
    public int MaxInlineFollowUps { get; set; } = 200;

    /// <summary>How often a step is retried when another writer changed the instance first.</summary>
    public int MaxConcurrencyRetries { get; set; } = 8;
}
