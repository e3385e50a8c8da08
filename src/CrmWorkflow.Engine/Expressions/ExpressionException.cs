namespace CrmWorkflow.Engine.Expressions;

/// <summary>An expression or template failed to evaluate, or broke a sandbox limit.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>1-based line where the script failed, when known.</summary>
    public int? Line { get; init; }

    /// <summary>1-based column where the script failed, when known.</summary>
    public int? Column { get; init; }
}
