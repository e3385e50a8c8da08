using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>Starts several branches at once.</summary>
[Activity("core.fork", "Flow", "Starts named branches that run in parallel.")]
public sealed class ForkActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>Branch names; each is a port.</summary>
    [Input("Names of the parallel branches; each becomes a port.", Required = true, UiHint = UiHint.List)]
    public Input<IReadOnlyList<string>> Branches { get; } = new();

    /// <inheritdoc />
    public override IReadOnlyList<string> GetPorts(ActivityNode node) => Literal.StringList(node, "branches");

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context) =>
        ValueTask.FromResult(ActivityOutcome.PortsOf(context.Get(Branches)));
}

/// <summary>
/// Waits for branches to meet. The runtime implements the waiting (it needs the whole
/// flowchart); this class declares the activity and its inputs.
/// </summary>
[Activity("core.join", "Flow", "Waits for all branches that can still arrive, or for the first one, then continues once.")]
public sealed class JoinActivity : Activity
{
    /// <inheritdoc />
    public override bool ChangesData => false;

    /// <summary>all or any.</summary>
    [Input("'all' waits for every branch that is still running; 'any' continues on the first and cancels the others.",
        UiHint = UiHint.Select, Options = ["all", "any"], DefaultJson = "\"all\"")]
    public Input<string> Mode { get; } = new();

    /// <inheritdoc />
    public override ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context) => ValueTask.FromResult(ActivityOutcome.Done);
}
