using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CrmWorkflow.Crm.Features.Leads;

/// <summary>
/// JSON kept as the text the database holds (a routing explanation is a few KB), written into an
/// answer as it is rather than parsed into nodes and written out again for every lead created or
/// read. Code that looks inside (pages, tests) reads <see cref="Node"/>, parsed on first use.
/// </summary>
[JsonConverter(typeof(StoredJsonConverter))]
public sealed class StoredJson(string json)
{
    private JsonNode? _node;

    /// <summary>The JSON text.</summary>
    public string Json { get; } = json;

    /// <summary>The JSON as nodes.</summary>
    public JsonNode? Node => _node ??= JsonNode.Parse(Json);

    /// <summary>A property of the JSON object.</summary>
    public JsonNode? this[string name] => Node?[name];

    /// <summary>Null for no text.</summary>
    public static StoredJson? From(string? json) => json is null ? null : new StoredJson(json);

    private sealed class StoredJsonConverter : JsonConverter<StoredJson>
    {
        public override StoredJson Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            using var document = JsonDocument.ParseValue(ref reader);
            return new StoredJson(document.RootElement.GetRawText());
        }

        // Validated as it is written, so a damaged row cannot produce a broken answer.
        public override void Write(Utf8JsonWriter writer, StoredJson value, JsonSerializerOptions options) => writer.WriteRawValue(value.Json);
    }
}
