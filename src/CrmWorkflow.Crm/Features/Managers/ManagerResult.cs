using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Crm.Features.Managers;

/// <summary>Why a manager change did not go through.</summary>
public enum ManagerError { Invalid, NotFound, Conflict }

/// <summary>The outcome of a manager change: its value, or why not (problems keyed by JSON path, as the API reports them).</summary>
public sealed record ManagerResult<T>(T? Value, ManagerError? Error = null, IReadOnlyList<ValidationProblem>? Problems = null) where T : class
{
    public bool Succeeded => Error is null;

    /// <summary>The first problem's message, for a toast or an alert.</summary>
    public string? Message => Problems is { Count: > 0 } p ? p[0].Message : null;

    public static ManagerResult<T> Ok(T value) => new(value);

    public static ManagerResult<T> Invalid(IReadOnlyList<ValidationProblem> problems) => new(null, ManagerError.Invalid, problems);

    public static ManagerResult<T> NotFound(string id) => new(null, ManagerError.NotFound, [new("$", $"No client manager '{id}'.")]);

    public static ManagerResult<T> Conflict(string message) => new(null, ManagerError.Conflict, [new("$", message)]);
}
