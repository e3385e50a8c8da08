using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Crm.Features.Rollouts;

/// <summary>Why a rollout command did not do what was asked.</summary>
public enum RolloutFailure { None, Invalid, NotFound, Conflict }

/// <summary>The answer of a rollout command: a value, or a failure the API turns into a ProblemDetails.</summary>
public sealed record RolloutResult<T>(T? Value, RolloutFailure Failure, string? Detail, IReadOnlyList<ValidationProblem> Problems)
{
    public static RolloutResult<T> Ok(T value) => new(value, RolloutFailure.None, null, []);

    public static RolloutResult<T> Invalid(IReadOnlyList<ValidationProblem> problems) => new(default, RolloutFailure.Invalid, null, problems);

    public static RolloutResult<T> Invalid(string path, string message) => Invalid([new ValidationProblem(path, message)]);

    public static RolloutResult<T> NotFound(string detail) => new(default, RolloutFailure.NotFound, detail, []);

    public static RolloutResult<T> Conflict(string detail) => new(default, RolloutFailure.Conflict, detail, []);
}
