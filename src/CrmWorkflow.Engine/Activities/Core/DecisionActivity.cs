using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>Two-way branch on a condition.</summary>
[Activity("core.decision", "Flow", "Follows 'true' or 'false' depending on a condition.")]
[Ports("true", "false")]
public sealed class DecisionActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>The condition.</summary>
    [Input("Condition to test, e.g. input.score >= 70.", Required = true, UiHint = UiHint.Expression)]
    public Input<bool> Condition { get; } = new();

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityOutcome.Port(context.Get(Condition) ? "true" : "false"));
}
