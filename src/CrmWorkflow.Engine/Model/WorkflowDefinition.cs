using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrmWorkflow.Engine.Model;

/// <summary>
/// One version of a workflow definition: the JSON contract shared by the designer, the API,
/// the importer and the runtime.
/// </summary>
public sealed record WorkflowDefinition : IJsonOnDeserialized
{
    /// <summary>Stable id across versions, <c>[a-z0-9-]+</c>.</summary>
    public string DefinitionId { get; init; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>What the process is for.</summary>
    public string? Description { get; init; }

    /// <summary>Set by the definition store when a version is published; 0 for a draft.</summary>
    public int Version { get; init; }

    /// <summary>Values a caller passes when starting an instance.</summary>
    public IReadOnlyList<VariableDefinition> Inputs { get; init; } = [];

    /// <summary>Instance variables with their initial values.</summary>
    public IReadOnlyList<VariableDefinition> Variables { get; init; } = [];

    /// <summary>Events that start a new instance of the latest published version.</summary>
    public IReadOnlyList<TriggerDefinition> Triggers { get; init; } = [];

    /// <summary>The nodes of the flowchart.</summary>
    public IReadOnlyList<ActivityNode> Activities { get; init; } = [];

    /// <summary>The edges of the flowchart, from a named port to an activity.</summary>
    public IReadOnlyList<Connection> Connections { get; init; } = [];

    /// <summary>Designer-only positions; the runtime ignores it.</summary>
    public JsonObject? Layout { get; init; }

    // The serializer checks members for null but not list items: "activities": [null] is refused here.
    void IJsonOnDeserialized.OnDeserialized()
    {
        NoNulls(Inputs, "inputs");
        NoNulls(Variables, "variables");
        NoNulls(Triggers, "triggers");
        NoNulls(Activities, "activities");
        NoNulls(Connections, "connections");
    }

    private static void NoNulls<T>(IReadOnlyList<T> list, string member) where T : class
    {
        for (var i = 0; i < list.Count; i++)
            if (list[i] is null)
                throw new JsonException($"An item of '{member}' is null; expected an object.", $"$.{member}[{i}]", null, null);
    }
}

/// <summary>A declared input or variable.</summary>
public sealed record VariableDefinition
{
    /// <summary>Name used in expressions (<c>input.name</c> or <c>vars.name</c>).</summary>
    public string Name { get; init; } = "";

    /// <summary>string, number, boolean, object, array, datetime or any.</summary>
    public string Type { get; init; } = "any";

    /// <summary>For inputs: the start is refused when it is missing.</summary>
    public bool Required { get; init; }

    /// <summary>Value used when none is given.</summary>
    public JsonNode? Default { get; init; }

    /// <summary>Help text for the designer.</summary>
    public string? Description { get; init; }
}

/// <summary>Starts an instance when a matching event is raised.</summary>
public sealed record TriggerDefinition
{
    /// <summary>Event name, e.g. <c>lead.created</c>.</summary>
    public string Event { get; init; } = "";

    /// <summary>Optional expression over <c>event</c>; the trigger fires only when it is true.</summary>
    public string? Condition { get; init; }
}

/// <summary>A node of the flowchart: an activity type with its input values.</summary>
public sealed record ActivityNode
{
    /// <summary>Unique within the definition.</summary>
    public string Id { get; init; } = "";

    /// <summary>Stable activity type name, e.g. <c>core.decision</c>.</summary>
    public string Type { get; init; } = "";

    /// <summary>Optional display name.</summary>
    public string? Name { get; init; }

    /// <summary>
    /// Input values by input name: a JSON literal, <c>{ "expr": "..." }</c> or
    /// <c>{ "template": "..." }</c>.
    /// </summary>
    public JsonObject? Inputs { get; init; }
}

/// <summary>An edge from a named port of one activity to another activity.</summary>
public sealed record Connection
{
    /// <summary>Source activity id.</summary>
    public string From { get; init; } = "";

    /// <summary>Source port; <c>done</c> when omitted.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Port { get; init; }

    /// <summary>Target activity id.</summary>
    public string To { get; init; } = "";

    /// <summary>The port, with the default applied.</summary>
    [JsonIgnore]
    public string EffectivePort => string.IsNullOrEmpty(Port) ? Ports.Done : Port;
}

/// <summary>Well-known port names.</summary>
public static class Ports
{
    /// <summary>The default port of every activity that just completes.</summary>
    public const string Done = "done";
}
