namespace CrmWorkflow.Engine.Expressions;

/// <summary>
/// Sandbox limits for expressions and templates. Definitions are written by analysts in a
/// browser, so every script is treated as untrusted: only the objects we expose are visible,
/// and loops, recursion, string size and run time are bounded.
/// </summary>
public sealed class ExpressionOptions
{
    /// <summary>Most iterations of any one loop (script loops and built-in functions).</summary>
    public int LoopLimit { get; set; } = 10_000;

    /// <summary>Deepest function recursion.</summary>
    public int RecursionLimit { get; set; } = 64;

    /// <summary>Longest string a script may build or return, in characters.</summary>
    public int MaxStringLength { get; set; } = 100_000;

    /// <summary>Longest source text accepted for one expression or template.</summary>
    public int MaxSourceLength { get; set; } = 20_000;

    /// <summary>Deepest nesting of parentheses, arrays and objects the parser accepts.</summary>
    public int ExpressionDepthLimit { get; set; } = 64;

    /// <summary>Longest time one evaluation may run.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(2);
}
