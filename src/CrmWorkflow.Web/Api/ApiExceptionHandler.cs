using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.Api;

/// <summary>
/// Turns the engine's exceptions into the 4xx ProblemDetails a client can act on. Anything
/// else is a bug and stays a 500 (logged with its trace id).
/// </summary>
public sealed class ApiExceptionHandler : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        var result = exception switch
        {
            WorkflowInputException e => Problems.Validation(e.Problems, "The workflow input is invalid."),
            ResumeRejectedException e => Problems.Invalid(e.Path, e.Message),
            DefinitionInvalidException e => Problems.Validation(e.Problems, "The workflow definition is invalid."),
            DefinitionNotFoundException e => Problems.NotFound(e.Message),
            InstanceNotFoundException e => Problems.NotFound(e.Message),
            BookmarkNotFoundException e => Problems.Conflict(e.Message),
            DefinitionConflictException e => Problems.Conflict(e.Message),
            InvalidWorkflowStateException e => Problems.Conflict(e.Message),
            DbUpdateConcurrencyException => Problems.Conflict("Someone else changed this at the same moment; reload and try again."),
            BadHttpRequestException e => Results.Problem(detail: e.Message, statusCode: e.StatusCode, title: "Bad request."),
            _ => null,
        };
        if (result is null) return false;
        await result.ExecuteAsync(context);
        return true;
    }
}
