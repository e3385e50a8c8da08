using System.Text.Json.Nodes;

namespace CrmWorkflow.Engine.Runtime;

/// <summary>One activity execution, as recorded in the journal.</summary>
public sealed record JournalEntry(
    int Sequence,
    string ActivityId,
    string ActivityType,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string? Port,
    string? Error);

/// <summary>A human task created by <c>core.humanTask</c>.</summary>
public sealed record HumanTaskSpec
{
    /// <summary>Task id; also the id of its bookmark.</summary>
    public required string Id { get; init; }

    /// <summary>The activity that created it.</summary>
    public required string ActivityId { get; init; }

    /// <summary>Rendered title.</summary>
    public required string Title { get; init; }

    /// <summary>Rendered description.</summary>
    public string? Description { get; init; }

    /// <summary>Assigned user id, if any.</summary>
    public string? Assignee { get; init; }

    /// <summary>Role whose members may take it, if any.</summary>
    public string? Role { get; init; }

    /// <summary>Work queue, if any.</summary>
    public string? Queue { get; init; }

    /// <summary>low, normal, high or urgent.</summary>
    public string Priority { get; init; } = "normal";

    /// <summary>When it is due.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>When the overdue escalation fires.</summary>
    public DateTimeOffset? EscalateAt { get; init; }

    /// <summary>Allowed outcomes.</summary>
    public required IReadOnlyList<string> Outcomes { get; init; }

    /// <summary>Form fields to fill in.</summary>
    public IReadOnlyList<FormField> Form { get; init; } = [];

    /// <summary>When created.</summary>
    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>A field of a human task's form.</summary>
public sealed record FormField
{
    /// <summary>Key in the completion data.</summary>
    public string Name { get; init; } = "";

    /// <summary>Label shown to the user.</summary>
    public string? Label { get; init; }

    /// <summary>string, text, number, boolean, date or select.</summary>
    public string Type { get; init; } = "string";

    /// <summary>The task cannot be completed without it.</summary>
    public bool Required { get; init; }

    /// <summary>Choices for select fields.</summary>
    public IReadOnlyList<string>? Options { get; init; }
}

/// <summary>A human task that was completed or cancelled in this step.</summary>
public sealed record TaskClosure(string TaskId, bool Completed, string? Outcome, string? CompletedBy, JsonObject? Data, DateTimeOffset At);

/// <summary>An event raised by <c>core.raiseEvent</c>.</summary>
public sealed record RaisedEvent(string Name, string? CorrelationId, JsonNode? Payload);

/// <summary>A child instance requested by <c>core.runWorkflow</c>.</summary>
public sealed record ChildStart(string ChildInstanceId, string DefinitionId, int? Version, JsonObject Input,
    string? CorrelationId, string ParentActivityId, bool Wait);

/// <summary>
/// What one run of the executor did besides changing the instance state: the host persists
/// these in the same transaction as the state.
/// </summary>
public sealed class ExecutionEffects
{
    /// <summary>Journal entries, in order.</summary>
    public List<JournalEntry> Journal { get; } = [];

    /// <summary>Human tasks to create.</summary>
    public List<HumanTaskSpec> TasksCreated { get; } = [];

    /// <summary>Human tasks completed or cancelled.</summary>
    public List<TaskClosure> TasksClosed { get; } = [];

    /// <summary>Events to dispatch.</summary>
    public List<RaisedEvent> Events { get; } = [];

    /// <summary>Child instances to start.</summary>
    public List<ChildStart> Children { get; } = [];

    /// <summary>Incident raised in this run, if any.</summary>
    public IncidentState? Incident { get; set; }
}
