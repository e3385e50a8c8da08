using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>Where every instance begins.</summary>
[Activity("core.start", "Flow", "Where the workflow begins. Every workflow has exactly one.")]
public sealed class StartActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityOutcome.Done);
}

/// <summary>Finishes the instance, cancelling any branches still open.</summary>
[Activity("core.end", "Flow", "Finishes the workflow, cancelling any branches and tasks still open.")]
[Ports]
public sealed class EndActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityOutcome.End);
}
