using System.Diagnostics;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace CrmWorkflow.Engine.Expressions;

/// <summary>
/// A template context that enforces the time limit itself at every loop step and function
/// call. A timer callback is not enough: on a busy machine the thread pool may run it too late.
/// </summary>
internal sealed class SandboxContext(ScriptObject builtins) : TemplateContext(builtins)
{
    private long _deadline = long.MaxValue;

    public void StartClock(TimeSpan limit) =>
        _deadline = Stopwatch.GetTimestamp() + (long)(limit.TotalSeconds * Stopwatch.Frequency);

    public bool TimedOut => Stopwatch.GetTimestamp() > _deadline;

    protected override bool OnStepLoop(ScriptLoopStatementBase loop)
    {
        ThrowIfLate(loop.Span);
        return base.OnStepLoop(loop);
    }

    // Every node evaluation passes here, including the bodies of functions that built-ins
    // such as array.each call; the clock is read every 64 nodes to keep this cheap.
    public override object? Evaluate(ScriptNode? scriptNode, bool aliasReturnedFunction)
    {
        if ((++_nodes & 63) == 0 && scriptNode is not null) ThrowIfLate(scriptNode.Span);
        return base.Evaluate(scriptNode, aliasReturnedFunction);
    }

    private int _nodes;

    private void ThrowIfLate(SourceSpan span)
    {
        if (TimedOut) throw new ScriptAbortException(span, CancellationToken);
    }
}
