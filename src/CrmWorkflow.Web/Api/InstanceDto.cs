using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Runtime.Durable;

namespace CrmWorkflow.Web.Api;

/// <summary>JSON shapes of instances and tasks in API answers.</summary>
public static class InstanceDto
{
    public static object From(InstanceSnapshot s) => new
    {
        id = s.InstanceId,
        status = s.Status.ToString(),
        bookmarks = s.Bookmarks.Select(Bookmark),
        tasks = s.TasksCreated.Select(t => new { t.Id, t.Title, t.Assignee, t.Role, t.Queue, t.Priority, t.DueAt, t.Outcomes }),
        incident = s.Incident is { } i ? new { i.Id, i.ActivityId, i.ActivityType, i.Message, i.At } : null,
        variables = s.Variables,
    };

    public static object Bookmark(BookmarkState b) => new
    {
        b.Id, b.ActivityId, kind = b.Kind.ToString(), b.EventName, b.CorrelationKey, b.DueAt, b.ChildInstanceId,
    };

    public static object Summary(WorkflowInstanceRecord r) => new
    {
        r.Id, r.DefinitionId, r.Version, status = r.Status.ToString(), r.CorrelationId, r.ParentInstanceId, r.CreatedAt, r.UpdatedAt, r.FinishedAt,
    };

    public static object Task(HumanTaskRecord t, DateTimeOffset now) => new
    {
        t.Id, t.InstanceId, t.DefinitionId, t.ActivityId, t.CorrelationId, t.Title, t.Description, t.Assignee, t.Role, t.Queue,
        t.Priority, status = t.Status.ToString(),
        outcomes = System.Text.Json.JsonSerializer.Deserialize<string[]>(t.OutcomesJson),
        form = System.Text.Json.Nodes.JsonNode.Parse(t.FormJson),
        t.CreatedAt, t.DueAt, t.EscalateAt, overdue = t.Status == HumanTaskStatus.Open && t.DueAt < now,
        t.Outcome, data = t.DataJson is null ? null : System.Text.Json.Nodes.JsonNode.Parse(t.DataJson), t.CompletedBy, t.ClosedAt,
    };
}
