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

    // Assignments into read-only values (input, vars, outputs, built-ins) get one clear message.
    // Scriban 7.5 checks a read-only ScriptArray on add and remove but not on `list[i] = x`, and
    // words a read-only object's refusal as an unexpected exception; these accessors refuse both.
    protected override IListAccessor GetListAccessorImpl(object target, Type type)
    {
        var inner = base.GetListAccessorImpl(target, type);
        return target is ScriptArray && inner is not null ? new GuardedListAccessor(inner) : inner!;
    }

    protected override IObjectAccessor GetMemberAccessorImpl(object target)
    {
        var inner = base.GetMemberAccessorImpl(target);
        return target is ScriptObject && inner is not null ? new GuardedObjectAccessor(inner) : inner!;
    }

    private static ScriptRuntimeException ReadOnly(SourceSpan span, string what) =>
        new(span, $"Cannot assign to {what}: it is read-only in scripts (input, vars, outputs and built-ins cannot be changed; "
            + "build a new value instead, e.g. `{ name: 'x' }`, or copy a list with `items | array.add_range []`).");

    private sealed class GuardedListAccessor(IListAccessor inner) : IListAccessor
    {
        public int GetLength(TemplateContext context, SourceSpan span, object target) => inner.GetLength(context, span, target);

        public object? GetValue(TemplateContext context, SourceSpan span, object target, int index) => inner.GetValue(context, span, target, index);

        public void SetValue(TemplateContext context, SourceSpan span, object target, int index, object? value)
        {
            if (target is ScriptArray { IsReadOnly: true }) throw ReadOnly(span, $"item {index} of a list");
            inner.SetValue(context, span, target, index, value);
        }
    }

    private sealed class GuardedObjectAccessor(IObjectAccessor inner) : IObjectAccessor
    {
        public int GetMemberCount(TemplateContext context, SourceSpan span, object target) => inner.GetMemberCount(context, span, target);

        public IEnumerable<string> GetMembers(TemplateContext context, SourceSpan span, object target) => inner.GetMembers(context, span, target);

        public bool HasMember(TemplateContext context, SourceSpan span, object target, string member) => inner.HasMember(context, span, target, member);

        public bool TryGetValue(TemplateContext context, SourceSpan span, object target, string member, out object? value) =>
            inner.TryGetValue(context, span, target, member, out value);

        public bool TrySetValue(TemplateContext context, SourceSpan span, object target, string member, object? value) =>
            target is ScriptObject { IsReadOnly: true } ? throw ReadOnly(span, $"'{member}'") : inner.TrySetValue(context, span, target, member, value);

        public bool TryGetItem(TemplateContext context, SourceSpan span, object target, object index, out object? value) =>
            inner.TryGetItem(context, span, target, index, out value);

        public bool TrySetItem(TemplateContext context, SourceSpan span, object target, object index, object? value) =>
            target is ScriptObject { IsReadOnly: true } ? throw ReadOnly(span, $"'{index}'") : inner.TrySetItem(context, span, target, index, value);

        public bool HasIndexer => inner.HasIndexer;

        public Type IndexType => inner.IndexType!;
    }

    private void ThrowIfLate(SourceSpan span)
    {
        if (TimedOut) throw new ScriptAbortException(span, CancellationToken);
    }
}
