using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Web.Api;

/// <summary>ProblemDetails answers. Validation problems are keyed by JSON path.</summary>
public static class Problems
{
    /// <summary>400 (or another status) listing each problem under its JSON path.</summary>
    public static IResult Validation(IEnumerable<ValidationProblem> problems, string title = "The request is invalid.",
        int status = StatusCodes.Status400BadRequest)
    {
        var list = problems.ToList();
        var errors = list.GroupBy(p => p.Path).ToDictionary(g => g.Key, g => g.Select(p => p.Message).ToArray());
        return Results.Problem(new HttpValidationProblemDetails(errors)
        {
            Status = status,
            Title = title,
            Detail = list.Count == 1 ? list[0].ToString() : $"{list.Count} problems; the first: {list.FirstOrDefault()}",
        });
    }

    /// <summary>400 for one problem at one path.</summary>
    public static IResult Invalid(string path, string message) => Validation([new ValidationProblem(path, message)]);

    /// <summary>404.</summary>
    public static IResult NotFound(string detail) => Results.Problem(detail: detail, statusCode: 404, title: "Not found.");

    /// <summary>409.</summary>
    public static IResult Conflict(string detail) => Results.Problem(detail: detail, statusCode: 409, title: "Conflict.");

    /// <summary>403.</summary>
    public static IResult Forbidden(string detail) => Results.Problem(detail: detail, statusCode: 403, title: "Forbidden.");
}
