using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>Why a complaint use case did not go through.</summary>
public enum ComplaintError { Invalid, NotFound, Conflict }

/// <summary>The complaint afterwards, or why not (problems keyed by JSON path).</summary>
public sealed record ComplaintResult(ComplaintView? View, ComplaintError? Error = null, IReadOnlyList<ValidationProblem>? Problems = null)
{
    public static ComplaintResult Ok(ComplaintView view) => new(view);

    public static ComplaintResult Fail(ComplaintError error, string path, string message) => new(null, error, [new(path, message)]);

    public static ComplaintResult Invalid(IReadOnlyList<ValidationProblem> problems) => new(null, ComplaintError.Invalid, problems);

    public static ComplaintResult NotFound(long id) => Fail(ComplaintError.NotFound, "$", $"No complaint {id} that you can see.");
}
