using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrmWorkflow.Engine.Model;

/// <summary>Reads and writes definitions in the shared JSON contract.</summary>
public static class DefinitionJson
{
    /// <summary>camelCase, comments and trailing commas allowed, unknown members and misplaced nulls rejected.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        // "activities": null or "type": null would otherwise reach the validator and runtime as nulls
        // the model says cannot happen; refuse them while parsing, with their JSON path.
        RespectNullableAnnotations = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Parses a definition. Malformed JSON or a member of the wrong shape is reported as a
    /// problem with its JSON path, line and column, never as an exception.
    /// </summary>
    public static DefinitionParseResult Parse(string json)
    {
        try
        {
            var definition = JsonSerializer.Deserialize<WorkflowDefinition>(json, Options);
            return definition is null
                ? new(null, [new ValidationProblem("$", "The document is empty; expected a workflow definition object.")])
                : new(definition, []);
        }
        catch (JsonException ex)
        {
            return new(null, [new ValidationProblem(ex.Path ?? "$", Describe(ex))]);
        }
    }

    /// <summary>Writes a definition as indented JSON.</summary>
    public static string Serialize(WorkflowDefinition definition) =>
        JsonSerializer.Serialize(definition, Options);

    /// <summary>
    /// A reader's message for a JSON error: what is wrong and where (line, column); the JSON
    /// path is reported separately. Framework advice meant for developers is dropped.
    /// </summary>
    public static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        if (cut > 0) message = message[..cut];
        message = message.Replace(" Consider updating its nullability annotation.", "", StringComparison.Ordinal);
        return ex.LineNumber is { } line ? $"{message} (line {line + 1}, column {(ex.BytePositionInLine ?? 0) + 1})" : message;
    }
}

/// <summary>The outcome of <see cref="DefinitionJson.Parse"/>.</summary>
public sealed record DefinitionParseResult(WorkflowDefinition? Definition, IReadOnlyList<ValidationProblem> Problems);

/// <summary>One problem found in a definition, located by JSON path.</summary>
public sealed record ValidationProblem(string Path, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Path}: {Message}";
}
