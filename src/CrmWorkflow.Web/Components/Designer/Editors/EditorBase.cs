using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Activities;
using Microsoft.AspNetCore.Components;

namespace CrmWorkflow.Web.Components.Designer.Editors;

/// <summary>
/// An editor of one activity input. It keeps a draft while the analyst types and hands a value
/// to <see cref="Commit"/> only when an edit is finished (change or blur), so each finished
/// edit is one undo step. When the stored value changes underneath (undo, another node), the
/// draft starts again from it.
/// </summary>
public abstract class EditorBase : ComponentBase
{
    private JsonNode? _seen;
    private bool _started;

    /// <summary>The input being edited.</summary>
    [Parameter, EditorRequired] public InputDescriptor Input { get; set; } = default!;

    /// <summary>The stored value (a literal, <c>{ "expr" }</c> or <c>{ "template" }</c>), null when not set.</summary>
    [Parameter] public JsonNode? Value { get; set; }

    /// <summary>Receives the finished value; null removes the input.</summary>
    [Parameter] public EventCallback<JsonNode?> Commit { get; set; }

    /// <summary>Id of the element to label and focus.</summary>
    [Parameter] public string? FieldId { get; set; }

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (_started && JsonNode.DeepEquals(Value, _seen)) return;
        _started = true;
        _seen = Value?.DeepClone();
        Reset();
    }

    /// <summary>Starts the draft again from <see cref="Value"/>.</summary>
    protected abstract void Reset();

    /// <summary>Commits a value unless it is what is stored already.</summary>
    protected Task CommitAsync(JsonNode? value) =>
        JsonNode.DeepEquals(value, Value) ? Task.CompletedTask : Commit.InvokeAsync(value);

    /// <summary>The stored value as text: a string as written, anything else as JSON.</summary>
    protected static string TextOf(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    /// <summary>Text as a JSON string, or null when blank (an unset input).</summary>
    protected static JsonNode? StringOrNull(string? text) => string.IsNullOrEmpty(text) ? null : JsonValue.Create(text);
}
