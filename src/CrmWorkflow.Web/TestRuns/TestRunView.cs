using System.Text.Json.Nodes;

namespace CrmWorkflow.Web.TestRuns;

/// <summary>
/// A step the run took, in order: the activity (its name as the designer shows it), its port, an
/// error if it failed, and when it started and ended by the sandbox's clock.
/// </summary>
public sealed record TestRunStep(int Sequence, string ActivityId, string ActivityType, string? Port, string? Error, DateTimeOffset At,
    string Name = "", DateTimeOffset StartedAt = default);

/// <summary>A task waiting in the run, with what completing it needs.</summary>
public sealed record TestRunTask(string Id, string ActivityId, string Title, string? Assignee, string? Role, string? Queue,
    JsonNode? Outcomes, JsonNode? Form, DateTimeOffset? DueAt);

/// <summary>A message the run would have sent (nothing leaves a sandbox).</summary>
public sealed record TestRunMessage(string Template, string Channel, string Recipient, string Subject, string Body, bool IsHtml);

/// <summary>
/// Where a test run stands: the instance's status and variables, the path taken and the
/// activities it waits at (for the canvas to highlight), open tasks and timers, incidents, and the messages it would send.
/// </summary>
public sealed record TestRunView(
    string Id,
    string DefinitionId,
    int Version,
    string Status,
    DateTimeOffset SandboxTime,
    IReadOnlyList<TestRunStep> Path,
    IReadOnlyList<string> WaitingAt,
    IReadOnlyList<TestRunTask> Tasks,
    IReadOnlyList<DateTimeOffset> Timers,
    IReadOnlyList<string> Incidents,
    IReadOnlyList<TestRunMessage> Messages,
    JsonObject Variables)
{
    /// <summary>Each activity's name as the designer shows it (its id when it has none), for the journal.</summary>
    public IReadOnlyDictionary<string, string> Names { get; init; } = new Dictionary<string, string>();

    /// <summary>The name of an activity of the run's version.</summary>
    public string NameOf(string activityId) => Names.GetValueOrDefault(activityId, activityId);
}
