using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Complaints;
using CrmWorkflow.Crm.Features.Notifications;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace CrmWorkflow.Crm.Activities;

/// <summary>
/// Asks the customer how satisfied they are once the complaint is resolved, unless a rule
/// suppresses it, then waits for the answer (survey.answered for this complaint) and stores
/// the score on the complaint.
/// </summary>
[Activity("crm.survey", "Complaints",
    "Sends the satisfaction survey after resolution (not for complaints the system closed, not twice to a contact within the suppression period), waits for the answer and stores the 1-5 score and comment on the complaint.")]
[Ports("sent", "suppressed", "answered", "noAnswer")]
[Output("reason", "string", "Why the survey was suppressed: notResolved, autoClosed, alreadySent, recentlySurveyed or noEmail.")]
[Output("sentTo", "string", "The address the survey went to.")]
[Output("score", "number", "The customer's score, 1 (not at all satisfied) to 5 (very).")]
[Output("comment", "string", "The customer's comment.")]
[Output("rejected", "string", "Why the last answer was refused (e.g. a score outside 1-5); the survey keeps waiting.")]
public sealed class SurveyActivity : Activity, IBlockingActivity
{
    /// <summary>The complaint.</summary>
    [Input("The resolved complaint (its id), e.g. outputs.load.complaint.id.", Required = true, UiHint = UiHint.Expression)]
    public Input<long> ComplaintId { get; } = new();

    /// <summary>Survey link.</summary>
    [Input("The link the customer answers at, e.g. https://survey.example.com/complaints/{{ outputs.load.complaint.id }}.", Required = true, UiHint = UiHint.Template)]
    public Input<string> SurveyUrl { get; } = new();

    /// <summary>Template.</summary>
    [Input("Message template in templates/.", DefaultJson = "\"satisfaction-survey\"")]
    public Input<string> Template { get; } = new();

    /// <summary>Suppression period.</summary>
    [Input("Do not survey the same contact again within this many days.", UiHint = UiHint.Number, DefaultJson = "30")]
    public Input<int> SuppressionDays { get; } = new();

    /// <summary>Timeout.</summary>
    [Input("Stop waiting for the answer after this long (ISO 8601, e.g. P14D) and follow 'noAnswer'; empty waits for ever.", UiHint = UiHint.Duration)]
    public Input<TimeSpan?> Timeout { get; } = new();

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ExecuteAsync(ActivityContext context)
    {
        var db = context.Crm();
        var facts = await ComplaintFacts.LoadAsync(db, context.Get(ComplaintId), context.CancellationToken);
        var c = facts.Complaint;
        var (email, name) = facts.ReplyTo;
        var reason = await SurveyRules.SuppressionAsync(db, c, email, context.Now, context.Get(SuppressionDays, 30), context.CancellationToken);
        if (reason is not null)
        {
            context.SetOutput("reason", reason);
            return ActivityOutcome.Port("suppressed");
        }
        context.Notify(new MessageRequest(context.Get(Template, "satisfaction-survey"), MessageChannel.Email, email!, new
        {
            contact = new { name },
            complaint = facts.ToJson(),
            surveyUrl = context.Get(SurveyUrl),
        })
        {
            RecipientName = name, RelatedType = "Complaint", RelatedId = ComplaintEvents.Correlation(c.Id),
        });
        c.SurveySentAt = context.Now;
        context.SetOutput("sentTo", email);
        AwaitAnswer(context, c.Id);
        if (context.Get(Timeout) is { } timeout)
            context.CreateBookmark(BookmarkKind.Timer, tag: "timeout", dueAt: context.Now + timeout);
        return ActivityOutcome.PortsAndWait("sent");
    }

    /// <inheritdoc />
    public override async ValueTask<ActivityOutcome> ResumeAsync(ActivityContext context)
    {
        if (context.Bookmark!.Kind == BookmarkKind.Timer) return ActivityOutcome.Port("noAnswer");
        var complaintId = context.Bookmark.Data!["complaintId"]!.GetValue<long>();
        var answer = context.Event as JsonObject;
        if (SurveyRules.AnswerProblem(answer?["score"], answer?["comment"], out var score) is { } problem)
        {
            // An answer from outside cannot be refused back to its sender; note it and keep waiting.
            context.Logger.LogWarning("Survey answer for complaint {ComplaintId} ignored: {Problem}", complaintId, problem);
            context.SetOutput("rejected", problem);
            AwaitAnswer(context, complaintId);
            return ActivityOutcome.Wait;
        }
        var comment = SurveyRules.Comment(answer?["comment"]);
        var facts = await ComplaintFacts.LoadAsync(context.Crm(), complaintId, context.CancellationToken);
        facts.Complaint.Satisfaction = score;
        facts.Complaint.SatisfactionComment = comment;
        context.SetOutput("score", score);
        context.SetOutput("comment", comment);
        context.SetOutput("rejected", null);
        return ActivityOutcome.Port("answered");
    }

    private static void AwaitAnswer(ActivityContext context, long complaintId) =>
        context.CreateBookmark(BookmarkKind.Event, eventName: ComplaintEvents.SurveyAnswered,
            correlationKey: ComplaintEvents.Correlation(complaintId), data: new JsonObject { ["complaintId"] = complaintId });
}
