using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>Reads literal inputs at design time (ports must be known before anything runs).</summary>
internal static class Literal
{
    public static IReadOnlyList<string> StringList(ActivityNode node, string input)
    {
        if (node.Inputs?[input] is not JsonArray array) return [];
        return array.Where(i => i is JsonValue v && v.GetValueKind() == JsonValueKind.String)
            .Select(i => i!.GetValue<string>()).ToList();
    }

    public static string? String(ActivityNode node, string input) =>
        node.Inputs?[input] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    public static bool IsGiven(ActivityNode node, string input) =>
        node.Inputs?[input] is { } value && value.GetValueKind() != JsonValueKind.Null;
}
