using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Engine.Runtime;

/// <summary>The start input does not match the definition's declared inputs.</summary>
public sealed class WorkflowInputException(IReadOnlyList<ValidationProblem> problems)
    : Exception("The workflow input is invalid: " + string.Join("; ", problems))
{
    /// <summary>Each problem with its JSON path.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; } = problems;
}

/// <summary>The bookmark does not exist (never did, or was already resumed).</summary>
public sealed class BookmarkNotFoundException(string instanceId, string bookmarkId)
    : Exception($"Instance {instanceId} has no open bookmark {bookmarkId}; it may have been resumed already.")
{
    /// <summary>Instance id.</summary>
    public string InstanceId { get; } = instanceId;

    /// <summary>Bookmark id.</summary>
    public string BookmarkId { get; } = bookmarkId;
}

/// <summary>The operation does not apply to the instance in its current status.</summary>
public sealed class InvalidWorkflowStateException(string message) : Exception(message);

/// <summary>A run executed too many activities without waiting.</summary>
public sealed class WorkflowLoopException(string message) : Exception(message);
