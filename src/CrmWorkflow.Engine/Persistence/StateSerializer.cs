using System.Text.Json;
using System.Text.Json.Serialization;
using CrmWorkflow.Engine.Runtime;

namespace CrmWorkflow.Engine.Persistence;

/// <summary>Instance state to and from its stored JSON.</summary>
public static class StateSerializer
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Serialises a state.</summary>
    public static string Serialize(WorkflowInstanceState state) => JsonSerializer.Serialize(state, Options);

    /// <summary>Reads a state.</summary>
    public static WorkflowInstanceState Deserialize(string json) =>
        JsonSerializer.Deserialize<WorkflowInstanceState>(json, Options)
        ?? throw new InvalidOperationException("Stored instance state is empty.");

    /// <summary>Options for other engine JSON columns.</summary>
    internal static JsonSerializerOptions JsonOptions => Options;
}
