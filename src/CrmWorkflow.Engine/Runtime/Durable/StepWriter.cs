using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;

namespace CrmWorkflow.Engine.Runtime.Durable;

/// <summary>Work to carry out after a step commits.</summary>
internal sealed record FollowUps(List<string> Instances, List<string> WorkItems, List<string> Tasks)
{
    public static FollowUps None => new([], [], []);
    public bool IsEmpty => Instances.Count == 0 && WorkItems.Count == 0;
}

/// <summary>
/// Turns one executor step into the rows to write: the instance row, bookmark rows added and
/// deleted, tasks, journal, incident and outbox rows. Nothing is saved here; the caller saves
/// once (<see cref="StepSqlWriter"/>), so it all commits in one transaction.
/// </summary>
internal static class StepWriter
{
    public static FollowUps Apply(StepChanges changes, WorkflowInstanceRecord record, bool isNew, WorkflowInstanceState state,
        ExecutionEffects? effects, ISet<string> bookmarksBefore, TimeProvider clock, Func<string> newId)
    {
        var follow = FollowUps.None;
        var wasFinished = record.Status == WorkflowStatus.Finished;
        if (isNew) changes.Inserts.Add(record);
        else changes.InstanceUpdate = (record, record.Revision);
        record.Status = state.Status;
        record.UpdatedAt = state.UpdatedAt;
        record.FinishedAt = state.FinishedAt;
        record.StateJson = StateSerializer.Serialize(state);
        record.Revision++;
        record.LeaseOwner = null;
        record.LeaseUntil = null;

        var now = clock.GetUtcNow();
        var after = state.Bookmarks.ToDictionary(b => b.Id);
        foreach (var gone in bookmarksBefore.Where(id => !after.ContainsKey(id)))
            changes.DeletedBookmarks.Add(gone); // deleting 0 rows fails the save: a bookmark resumes once
        foreach (var added in after.Values.Where(b => !bookmarksBefore.Contains(b.Id)))
            changes.Inserts.Add(new BookmarkRecord
            {
                Id = added.Id,
                InstanceId = state.Id,
                ActivityId = added.ActivityId,
                Kind = added.Kind,
                EventName = added.EventName,
                CorrelationKey = added.CorrelationKey,
                DueAt = added.DueAt,
                ChildInstanceId = added.ChildInstanceId,
                CreatedAt = now,
            });
        if (effects is null) return follow;

        var created = new Dictionary<string, HumanTaskRecord>();
        foreach (var t in effects.TasksCreated)
        {
            var task = new HumanTaskRecord
            {
                Id = t.Id, InstanceId = state.Id, DefinitionId = state.DefinitionId, ActivityId = t.ActivityId,
                CorrelationId = state.CorrelationId, Title = t.Title, Description = t.Description, Assignee = t.Assignee,
                Role = t.Role, Queue = t.Queue, Priority = t.Priority, Status = HumanTaskStatus.Open,
                OutcomesJson = JsonSerializer.Serialize(t.Outcomes), FormJson = JsonSerializer.Serialize(t.Form, StateSerializer.JsonOptions),
                CreatedAt = t.CreatedAt, DueAt = t.DueAt, EscalateAt = t.EscalateAt,
            };
            created[t.Id] = task;
            changes.Inserts.Add(task);
            follow.Tasks.Add(t.Id);
        }
        foreach (var c in effects.TasksClosed)
        {
            var status = c.Completed ? HumanTaskStatus.Completed : HumanTaskStatus.Cancelled;
            if (!created.ContainsKey(c.TaskId)) follow.Tasks.Add(c.TaskId);
            if (created.TryGetValue(c.TaskId, out var task))
            {
                (task.Status, task.Outcome, task.CompletedBy, task.DataJson, task.ClosedAt) =
                    (status, c.Outcome, c.CompletedBy, c.Data?.ToJsonString(), c.At);
                continue;
            }
            changes.Updates.Add((typeof(HumanTaskRecord), c.TaskId, new Dictionary<string, object?>
            {
                [nameof(HumanTaskRecord.Status)] = status,
                [nameof(HumanTaskRecord.Outcome)] = c.Outcome,
                [nameof(HumanTaskRecord.CompletedBy)] = c.CompletedBy,
                [nameof(HumanTaskRecord.DataJson)] = c.Data?.ToJsonString(),
                [nameof(HumanTaskRecord.ClosedAt)] = c.At,
            }));
        }
        foreach (var j in effects.Journal)
            changes.Inserts.Add(new JournalRecord
            {
                InstanceId = state.Id, Sequence = j.Sequence, ActivityId = j.ActivityId, ActivityType = j.ActivityType,
                StartedAt = j.StartedAt, EndedAt = j.EndedAt, Port = j.Port, Error = Truncate(j.Error, 4000),
            });
        if (effects.Incident is { } i)
            changes.Inserts.Add(new IncidentRecord
            {
                Id = i.Id, InstanceId = state.Id, DefinitionId = state.DefinitionId, ActivityId = i.ActivityId,
                ActivityType = i.ActivityType, Message = Truncate(i.Message, 4000)!, Stack = i.Stack, At = i.At,
            });
        foreach (var e in effects.Events)
        {
            var item = new WorkItemRecord
            {
                Id = newId(), Kind = WorkKind.Event, Name = e.Name, CorrelationId = e.CorrelationId,
                PayloadJson = e.Payload?.ToJsonString(), CreatedAt = now,
            };
            changes.Inserts.Add(item);
            follow.WorkItems.Add(item.Id);
        }
        if (!wasFinished && state.Status == WorkflowStatus.Finished && state.ParentInstanceId is not null)
        {
            var item = new WorkItemRecord
            {
                Id = newId(), Kind = WorkKind.ChildFinished, InstanceId = state.ParentInstanceId, Name = state.Id,
                PayloadJson = new JsonObject { ["status"] = state.Status.ToString(), ["variables"] = state.Variables.DeepClone() }.ToJsonString(),
                CreatedAt = now,
            };
            changes.Inserts.Add(item);
            follow.WorkItems.Add(item.Id);
        }
        return follow;
    }

    public static WorkflowInstanceRecord NewRecord(WorkflowInstanceState state) => new()
    {
        Id = state.Id,
        DefinitionId = state.DefinitionId,
        Version = state.Version,
        CorrelationId = state.CorrelationId,
        ParentInstanceId = state.ParentInstanceId,
        CreatedAt = state.CreatedAt,
        Status = state.Status,
        UpdatedAt = state.UpdatedAt,
        StateJson = "",
    };

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];
}
