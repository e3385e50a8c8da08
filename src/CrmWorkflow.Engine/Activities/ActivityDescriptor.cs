using System.Text.Json.Nodes;

namespace CrmWorkflow.Engine.Activities;

/// <summary>
/// Everything the designer's toolbox and property panel, the validator and the API need to
/// know about an activity type, read from its class.
/// </summary>
public sealed record ActivityDescriptor
{
    /// <summary>Stable type name.</summary>
    public required string Type { get; init; }

    /// <summary>Display name.</summary>
    public required string DisplayName { get; init; }

    /// <summary>Toolbox group.</summary>
    public required string Category { get; init; }

    /// <summary>What it does.</summary>
    public required string Description { get; init; }

    /// <summary>Typed inputs.</summary>
    public required IReadOnlyList<InputDescriptor> Inputs { get; init; }

    /// <summary>Outputs written under <c>outputs.&lt;id&gt;</c>.</summary>
    public required IReadOnlyList<OutputDescriptor> Outputs { get; init; }

    /// <summary>Fixed ports; empty when ports are computed from inputs.</summary>
    public required IReadOnlyList<string> Ports { get; init; }

    /// <summary>True when the ports depend on the node's inputs (e.g. a human task's outcomes).</summary>
    public bool DynamicPorts { get; init; }

    /// <summary>True when the activity can wait (a bookmark); loops through it are not infinite.</summary>
    public bool Blocking { get; init; }
}

/// <summary>One input of an activity type.</summary>
public sealed record InputDescriptor(
    string Name,
    string Type,
    bool Required,
    JsonNode? Default,
    string Description,
    string UiHint,
    IReadOnlyList<string>? Options)
{
    /// <summary>The CLR type the value converts to (used to check literals at validation).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Type? ClrType { get; init; }
}

/// <summary>One output of an activity type.</summary>
public sealed record OutputDescriptor(string Name, string Type, string Description);
