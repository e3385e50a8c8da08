using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrmWorkflow.Engine.Runtime;

/// <summary>Lifecycle of an instance.</summary>
public enum WorkflowStatus
{
    /// <summary>Has work to run now.</summary>
    Running,
    /// <summary>Every live path waits on a bookmark.</summary>
    Suspended,
    /// <summary>Reached an end, or ran out of work.</summary>
    Finished,
    /// <summary>An activity failed; see the open incident. <c>Retry</c> re-runs it.</summary>
    Faulted,
    /// <summary>Ended by a user.</summary>
    Cancelled,
}

/// <summary>What an instance is waiting for.</summary>
public enum BookmarkKind
{
    /// <summary>A human task.</summary>
    Task,
    /// <summary>A timer (delay, timeout, escalation).</summary>
    Timer,
    /// <summary>A named event with a correlation key.</summary>
    Event,
    /// <summary>A child workflow instance.</summary>
    Child,
}

/// <summary>
/// The whole state of one instance, stored as JSON. Everything the runtime needs to continue
/// after a restart is here; query columns (status, correlation id, ...) are copied out of it.
/// </summary>
public sealed class WorkflowInstanceState
{
    /// <summary>Instance id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Definition id.</summary>
    public string DefinitionId { get; set; } = "";

    /// <summary>The definition version the instance is pinned to.</summary>
    public int Version { get; set; }

    /// <summary>Business key supplied by the caller (e.g. a lead id).</summary>
    public string? CorrelationId { get; set; }

    /// <summary>Lifecycle status.</summary>
    public WorkflowStatus Status { get; set; }

    /// <summary>Start input.</summary>
    public JsonObject Input { get; set; } = [];

    /// <summary>Instance variables.</summary>
    public JsonObject Variables { get; set; } = [];

    /// <summary>Outputs by activity id.</summary>
    public JsonObject Outputs { get; set; } = [];

    /// <summary>Activities scheduled to run next, in order.</summary>
    public List<WorkItem> Queue { get; set; } = [];

    /// <summary>What the instance waits for.</summary>
    public List<BookmarkState> Bookmarks { get; set; } = [];

    /// <summary>Join id to the inbound connection indexes that have arrived.</summary>
    public Dictionary<string, List<int>> JoinArrivals { get; set; } = [];

    /// <summary>The unresolved incident of a faulted instance.</summary>
    public IncidentState? Incident { get; set; }

    /// <summary>Last journal sequence number used.</summary>
    public int JournalSequence { get; set; }

    /// <summary>Next activity-execution number (bookmarks of one execution share it).</summary>
    public int ExecutionSequence { get; set; }

    /// <summary>Parent instance when started by <c>core.runWorkflow</c>.</summary>
    public string? ParentInstanceId { get; set; }

    /// <summary>When created.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When last changed.</summary>
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When finished, faulted or cancelled.</summary>
    public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>True when the instance has no more work and waits on nothing.</summary>
    [JsonIgnore]
    public bool IsEnded => Status is WorkflowStatus.Finished or WorkflowStatus.Cancelled;
}

/// <summary>An activity scheduled to run.</summary>
public sealed record WorkItem(string ActivityId, int? ViaConnection = null);

/// <summary>A persisted wait point.</summary>
public sealed record BookmarkState
{
    /// <summary>Bookmark id (also the human task id for task bookmarks).</summary>
    public string Id { get; init; } = "";

    /// <summary>The waiting activity.</summary>
    public string ActivityId { get; init; } = "";

    /// <summary>The execution that created it; bookmarks of one execution are cleared together.</summary>
    public int Execution { get; init; }

    /// <summary>What is awaited.</summary>
    public BookmarkKind Kind { get; init; }

    /// <summary>Activity-defined purpose, e.g. <c>timeout</c> or <c>escalation</c>.</summary>
    public string? Tag { get; init; }

    /// <summary>Event name for event bookmarks.</summary>
    public string? EventName { get; init; }

    /// <summary>Correlation key for event bookmarks (null matches any).</summary>
    public string? CorrelationKey { get; init; }

    /// <summary>Due time for timers.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>Child instance id for child bookmarks.</summary>
    public string? ChildInstanceId { get; init; }

    /// <summary>Activity-specific data.</summary>
    public JsonObject? Data { get; init; }

    /// <summary>When the waiting execution began; its journal entry, written when it completes, starts here.</summary>
    public DateTimeOffset? StartedAt { get; init; }
}

/// <summary>Why an instance faulted.</summary>
public sealed record IncidentState
{
    /// <summary>Incident id.</summary>
    public string Id { get; init; } = "";

    /// <summary>The failed activity.</summary>
    public string ActivityId { get; init; } = "";

    /// <summary>Its type.</summary>
    public string ActivityType { get; init; } = "";

    /// <summary>Plain message.</summary>
    public string Message { get; init; } = "";

    /// <summary>Exception details for support.</summary>
    public string? Stack { get; init; }

    /// <summary>When it failed.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The failed work, re-run by Retry. Null when it failed on resume.</summary>
    public WorkItem? Work { get; init; }

    /// <summary>The bookmark being resumed when it failed, restored by Retry.</summary>
    public BookmarkState? Bookmark { get; init; }

    /// <summary>The resume payload, replayed by Retry.</summary>
    public JsonNode? Payload { get; init; }
}
