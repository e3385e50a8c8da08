using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>
/// One rung of the escalation ladder: what happens at that level and who is told, with which
/// template. Actions: <c>notifySupervisor</c> (tell the assignee's supervisor),
/// <c>reassignToSenior</c> (give it to a senior manager), <c>raisePriority</c> (make it urgent).
/// Recipients: <c>supervisor</c>, <c>assignee</c> (after the action), <c>serviceHead</c>, <c>none</c>.
/// </summary>
public sealed record EscalationStep
{
    /// <summary>The action names.</summary>
    public static readonly string[] Actions = ["notifySupervisor", "reassignToSenior", "raisePriority"];

    /// <summary>The recipient names.</summary>
    public static readonly string[] Recipients = ["supervisor", "assignee", "serviceHead", "none"];

    /// <summary>The ladder used when a workflow does not give its own.</summary>
    public const string DefaultLadderJson = """
        [{ "level": 1, "action": "notifySupervisor", "notify": "supervisor", "template": "complaint-escalation" },
         { "level": 2, "action": "reassignToSenior", "notify": "assignee", "template": "complaint-escalation" },
         { "level": 3, "action": "raisePriority", "notify": "serviceHead", "template": "complaint-escalation" }]
        """;

    /// <summary>1, 2, 3...</summary>
    public int Level { get; init; }

    /// <summary>What happens (see <see cref="Actions"/>).</summary>
    public string Action { get; init; } = "";

    /// <summary>Who is told (see <see cref="Recipients"/>); by default the one the action concerns.</summary>
    public string? Notify { get; init; }

    /// <summary>The message template.</summary>
    public string Template { get; init; } = "complaint-escalation";

    /// <summary>The recipient, with the action's own as default.</summary>
    public string Recipient => Notify ?? Action switch
    {
        "notifySupervisor" => "supervisor",
        "reassignToSenior" => "assignee",
        _ => "serviceHead",
    };

    /// <summary>The default ladder.</summary>
    public static IReadOnlyList<EscalationStep> DefaultLadder { get; } =
        JsonSerializer.Deserialize<List<EscalationStep>>(DefaultLadderJson, DefinitionJson.Options)!;

    /// <summary>Problems with a ladder written in a definition, by JSON path (for validation at publish time).</summary>
    public static IEnumerable<(string Path, string Message)> Problems(JsonArray ladder, string path)
    {
        List<EscalationStep>? steps;
        string? error = null;
        try
        {
            steps = ladder.Deserialize<List<EscalationStep>>(DefinitionJson.Options);
        }
        catch (JsonException ex)
        {
            steps = null;
            error = DefinitionJson.Describe(ex);
        }
        if (steps is null)
        {
            yield return (path, $"Each level is {{ level, action, notify, template }}: {error}");
            yield break;
        }
        for (var i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            if (s.Level < 1) yield return ($"{path}[{i}].level", "Levels are numbered from 1.");
            if (!Actions.Contains(s.Action)) yield return ($"{path}[{i}].action", $"Use one of {string.Join(", ", Actions)}.");
            if (s.Notify is { } n && !Recipients.Contains(n)) yield return ($"{path}[{i}].notify", $"Use one of {string.Join(", ", Recipients)}.");
            if (steps.Take(i).Any(o => o.Level == s.Level)) yield return ($"{path}[{i}].level", $"Level {s.Level} is configured twice.");
        }
    }
}
