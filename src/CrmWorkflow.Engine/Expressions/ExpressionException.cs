namespace CrmWorkflow.Engine.Expressions;

/// <summary>An expression or template failed to evaluate, or broke a sandbox limit.</summary>
public sealed class ExpressionException(string message, Exception? inner = null) : Exception(message, inner);
