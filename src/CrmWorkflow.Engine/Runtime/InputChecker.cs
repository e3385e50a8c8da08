using System.Text.Json;
using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Model;

namespace CrmWorkflow.Engine.Runtime;

/// <summary>Checks a start input against the declared inputs and applies defaults.</summary>
internal static class InputChecker
{
    public static JsonObject Check(IReadOnlyList<VariableDefinition> declared, JsonObject? input)
    {
        var result = input?.DeepClone().AsObject() ?? [];
        var problems = new List<ValidationProblem>();
        foreach (var d in declared)
        {
            var path = $"$.input.{d.Name}";
            var present = result.TryGetPropertyValue(d.Name, out var value) && value is not null
                          && value.GetValueKind() != JsonValueKind.Null;
            if (!present)
            {
                if (d.Default is not null) result[d.Name] = d.Default.DeepClone();
                else if (d.Required) problems.Add(new(path, $"'{d.Name}' is required."));
                continue;
            }
            if (!Matches(d.Type, value!))
                problems.Add(new(path, $"'{d.Name}' must be {Article(d.Type)}, but got {value!.GetValueKind().ToString().ToLowerInvariant()}."));
        }
        if (problems.Count > 0) throw new WorkflowInputException(problems);
        return result;
    }

    private static bool Matches(string type, JsonNode value) => type switch
    {
        "string" => value.GetValueKind() == JsonValueKind.String,
        "number" => value.GetValueKind() == JsonValueKind.Number,
        "boolean" => value.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "object" => value is JsonObject,
        "array" => value is JsonArray,
        "datetime" => value.GetValueKind() == JsonValueKind.String &&
                      DateTimeOffset.TryParse(value.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture, out _),
        _ => true,
    };

    private static string Article(string type) => type switch
    {
        "object" or "array" => $"an {type}",
        "datetime" => "a date and time (ISO 8601)",
        _ => $"a {type}",
    };
}
