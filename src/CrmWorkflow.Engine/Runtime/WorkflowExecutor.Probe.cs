using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using Scriban.Runtime;

namespace CrmWorkflow.Engine.Runtime;

/// <summary>
/// Runs single activities of a definition against a throwaway state, with no services and no
/// persistence: a simulation (e.g. the lead-routing what-if) asks the engine's own code what a
/// decision table or an input expression gives for made-up earlier outputs, instead of keeping a
/// second copy of that logic that could drift from what the runtime does.
/// </summary>
public sealed partial class WorkflowExecutor
{
    /// <summary>
    /// Executes one activity once against <paramref name="state"/>; its outputs land in
    /// <c>state.Outputs</c>. Returns the ports it took (none when it waits). Activities that need
    /// services (a database) fail here, which is the caller's signal that it cannot simulate them.
    /// </summary>
    public async ValueTask<IReadOnlyList<string>> ProbeAsync(CompiledWorkflow flow, WorkflowInstanceState state, string activityId,
        CancellationToken cancellationToken = default)
    {
        var run = Probe(flow, state, cancellationToken);
        var node = flow[activityId];
        var outcome = await node.Activity.ExecuteAsync(new ActivityContext(run, node, ++state.ExecutionSequence, null, null));
        return outcome.Ports;
    }

    /// <summary>Evaluates one input of an activity as the runtime would, against <paramref name="state"/>.</summary>
    public T ProbeInput<T>(CompiledWorkflow flow, WorkflowInstanceState state, string activityId, Input<T> input, T fallback) =>
        new ActivityContext(Probe(flow, state, default), flow[activityId], 0, null, null).Get(input, fallback);

    /// <summary>Evaluates a script with the instance's names (input, vars, outputs, now) plus <paramref name="locals"/>.</summary>
    public object? ProbeScript(CompiledWorkflow flow, WorkflowInstanceState state, CompiledScript script, ScriptObject? locals = null) =>
        _expressions.Evaluate(script, Probe(flow, state, default).BuildGlobals(null), locals);

    private ExecutionRun Probe(CompiledWorkflow flow, WorkflowInstanceState state, CancellationToken ct) =>
        new(flow, state, _expressions, _clock, EmptyServices.Instance, _logger, ct);
}
