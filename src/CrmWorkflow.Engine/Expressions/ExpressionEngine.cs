using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace CrmWorkflow.Engine.Expressions;

/// <summary>Whether a script is an expression (returns a value) or a template (renders text).</summary>
public enum ScriptKind
{
    /// <summary>A Scriban expression such as <c>input.score &gt;= 70</c>.</summary>
    Expression,
    /// <summary>A Scriban template such as <c>Call {{ input.name }}</c>.</summary>
    Template,
}

/// <summary>A parsed expression or template, cached per definition version.</summary>
public sealed class CompiledScript
{
    internal CompiledScript(string source, ScriptKind kind, Template template)
    {
        Source = source;
        Kind = kind;
        Template = template;
    }

    /// <summary>The text the analyst wrote.</summary>
    public string Source { get; }

    /// <summary>Expression or template.</summary>
    public ScriptKind Kind { get; }

    internal Template Template { get; }

}

/// <summary>The result of compiling a script: the script, or an error with its position.</summary>
public sealed record ScriptCompileResult(CompiledScript? Script, string? Error, int Line, int Column)
{
    /// <summary>True when the script parsed.</summary>
    public bool Success => Script is not null;
}

/// <summary>
/// Compiles and evaluates Scriban expressions and templates inside the sandbox described by
/// <see cref="ExpressionOptions"/>.
/// </summary>
public sealed class ExpressionEngine
{
    private readonly ExpressionOptions _options;
    private readonly ScriptObject _builtins;

    /// <summary>Creates an engine with the given limits.</summary>
    public ExpressionEngine(ExpressionOptions? options = null)
    {
        _options = options ?? new ExpressionOptions();
        _builtins = CreateBuiltins();
    }

    /// <summary>The limits in force.</summary>
    public ExpressionOptions Options => _options;

    /// <summary>Parses a script once; errors carry 1-based line and column.</summary>
    public ScriptCompileResult Compile(string source, ScriptKind kind)
    {
        if (source.Length > _options.MaxSourceLength)
            return new(null, $"The script is {source.Length} characters long; the limit is {_options.MaxSourceLength}.", 1, 1);
        var lexer = new LexerOptions { Mode = kind == ScriptKind.Expression ? ScriptMode.ScriptOnly : ScriptMode.Default };
        var parser = new ParserOptions { ExpressionDepthLimit = _options.ExpressionDepthLimit };
        Template template;
        try
        {
            template = Template.Parse(source, null, parser, lexer);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return new(null, ex.Message, 1, 1);
        }
        if (template.HasErrors)
        {
            var first = template.Messages.First(m => m.Type == ParserMessageType.Error);
            if (first.Span.Start.Line < 0)
            {
                // Scriban gives no position when the script ends too early: point at its end.
                var lastBreak = source.LastIndexOf('\n');
                return new(null, first.Message, source.Count(c => c == '\n') + 1, source.Length - lastBreak);
            }
            return new(null, first.Message, first.Span.Start.Line + 1, first.Span.Start.Column + 1);
        }
        if (kind == ScriptKind.Expression && template.Page?.Body?.Statements.Count is null or 0)
            return new(null, "The expression is empty.", 1, 1);
        return new(new CompiledScript(source, kind, template), null, 0, 0);
    }

    /// <summary>
    /// Evaluates a compiled script against the given globals. An expression returns its value;
    /// a template returns the rendered string. Any failure, including a sandbox limit, is an
    /// <see cref="ExpressionException"/> with a plain message.
    /// </summary>
    public object? Evaluate(CompiledScript script, ScriptObject globals, ScriptObject? locals = null)
    {
        var context = Rent();
        context.PushGlobal(globals);
        if (locals is not null) context.PushGlobal(locals);
        try
        {
            context.StartClock(_options.Timeout);
            object? result = script.Kind == ScriptKind.Template
                ? script.Template.Render(context)
                : script.Template.Evaluate(context);
            if (result is string s && s.Length > _options.MaxStringLength)
                throw new ExpressionException($"The result is {s.Length} characters long; the limit is {_options.MaxStringLength}.");
            // Only a context that finished cleanly goes back; one a failure left half-way is dropped.
            if (locals is not null) context.PopGlobal();
            context.PopGlobal();
            Return(context);
            return result;
        }
        catch (OperationCanceledException)
        {
            throw new ExpressionException($"'{Shorten(script.Source)}' ran longer than the {_options.Timeout.TotalSeconds:0.###} s limit and was stopped.");
        }
        catch (ScriptRuntimeException ex)
        {
            if (context.TimedOut)
                throw new ExpressionException($"'{Shorten(script.Source)}' ran longer than the {_options.Timeout.TotalSeconds:0.###} s limit and was stopped.");
            throw new ExpressionException($"'{Shorten(script.Source)}' failed: {ex.OriginalMessage}", ex)
            {
                Line = ex.Span.Start.Line + 1,
                Column = ex.Span.Start.Column + 1,
            };
        }
        catch (ExpressionException)
        {
            throw;
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException
                                       or OverflowException or InvalidCastException or NullReferenceException
                                       or IndexOutOfRangeException or OutOfMemoryException)
        {
            throw new ExpressionException($"'{Shorten(script.Source)}' failed: {ex.Message}", ex);
        }
    }

    // A fresh Scriban context costs about 21 KB (it preallocates argument arrays for every
    // arity); a workflow step evaluates a dozen scripts, so contexts are reset and reused.
    private readonly System.Collections.Concurrent.ConcurrentBag<SandboxContext> _pool = [];
    private const int PoolLimit = 64;

    private SandboxContext Rent() => _pool.TryTake(out var context) ? context : CreateContext();

    private void Return(SandboxContext context)
    {
        context.Reset();
        if (_pool.Count < PoolLimit) _pool.Add(context);
    }

    private SandboxContext CreateContext() => new(_builtins)
    {
        LoopLimit = _options.LoopLimit,
        LoopLimitQueryable = _options.LoopLimit,
        RecursiveLimit = _options.RecursionLimit,
        LimitToString = _options.MaxStringLength,
        OutputLimit = _options.MaxStringLength,
        ObjectRecursionLimit = 32,
        RegexTimeOut = TimeSpan.FromMilliseconds(500),
        StrictVariables = true,
        EnableRelaxedMemberAccess = true,
        // a.b.c is null when a.b is null (e.g. a child's result before it returned), not an error.
        EnableRelaxedTargetAccess = true,
        // No reflection: scripts see only ScriptObjects and primitives we hand them.
        MemberFilter = _ => false,
        TemplateLoader = null,
    };

    private static ScriptObject CreateBuiltins()
    {
        var builtins = TemplateContext.GetDefaultBuiltinObject();
        // date.now reads the wall clock; workflows must use the injected clock through `now`.
        if (builtins["date"] is ScriptObject date)
        {
            date.SetReadOnly("now", false);
            date.Remove("now");
        }
        return builtins;
    }

    private static string Shorten(string source) => source.Length <= 80 ? source : source[..77] + "...";
}
