using CrmWorkflow.Crm.Data;
using CrmWorkflow.Crm.Features.Customers;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>The customer's answer to the satisfaction survey, entered through the API.</summary>
public sealed record AnswerSurvey(long Id, int? Score, string? Comment)
{
    public List<ValidationProblem> Validate()
    {
        var problems = new List<ValidationProblem>();
        if (Score is null) problems.Add(new("$.score", "A score from 1 (not at all satisfied) to 5 (very) is required."));
        else if (Score is < 1 or > 5) problems.Add(new("$.score", $"The score must be from 1 to 5, not {Score}."));
        if (Comment is { Length: > SurveyRules.MaxComment }) problems.Add(new("$.comment", "The comment is at most 2,000 characters."));
        return problems;
    }
}

/// <summary>
/// Stores the answer on the complaint and raises survey.answered in the same transaction, so
/// the waiting survey step carries on; the answer is kept even if no workflow waits any more.
/// </summary>
public sealed class AnswerSurveyHandler(IDbContextFactory<CrmDbContext> dbFactory, WorkflowRuntime runtime, TimeProvider clock)
{
    public async Task<ComplaintResult> HandleAsync(AnswerSurvey command, CustomerAccess access, CancellationToken ct = default)
    {
        if (command.Validate() is { Count: > 0 } problems) return ComplaintResult.Invalid(problems);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var complaint = await ComplaintAccess.Visible(db, access).FirstOrDefaultAsync(c => c.Id == command.Id, ct);
        if (complaint is null) return ComplaintResult.NotFound(command.Id);
        if (complaint.SurveySentAt is null)
            return ComplaintResult.Fail(ComplaintError.Conflict, "$", $"No satisfaction survey was sent for complaint {command.Id}.");
        if (complaint.Satisfaction is not null)
            return ComplaintResult.Fail(ComplaintError.Conflict, "$", $"The survey of complaint {command.Id} was answered already.");
        var comment = string.IsNullOrWhiteSpace(command.Comment) ? null : command.Comment.Trim();
        complaint.Satisfaction = command.Score;
        complaint.SatisfactionComment = comment;
        var eventId = runtime.QueueEvent(db, ComplaintEvents.SurveyAnswered, ComplaintEvents.Correlation(complaint.Id),
            ComplaintEvents.SurveyAnsweredPayload(complaint.Id, command.Score!.Value, comment));
        await db.SaveChangesAsync(ct);
        await runtime.DispatchEventAsync(eventId, ct);
        return ComplaintResult.Ok((await ComplaintAccess.ViewAsync(db, CustomerAccess.All, complaint.Id, clock.GetUtcNow(), ct))!);
    }
}
