using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Features.Tasks;
using CrmWorkflow.Engine.Expressions;
using Microsoft.AspNetCore.Components;

namespace CrmWorkflow.Web.Components.Designer.Editors;

public partial class InputEditor
{
    private static readonly IReadOnlyList<RowColumn> FormColumns =
    [
        new("name", "Name", Placeholder: "e.g. notes"),
        new("label", "Label"),
        new("type", "Type", "select", ["string", "text", "number", "boolean", "date", "select"]),
        new("required", "Required", "check"),
        new("options", "Options (for select)", "list", Placeholder: "a, b, c"),
    ];

    private static readonly IReadOnlyList<RowColumn> CaseColumns =
    [
        new("name", "Case (port)", Placeholder: "e.g. gold"),
        new("condition", "Condition", "expr", Placeholder: "e.g. input.tier == \"gold\""),
    ];

    private bool _asScript;

    /// <summary>Client managers, roles and queues for the assignment pickers; null shows plain text boxes.</summary>
    [Parameter] public AssignmentChoices? Choices { get; set; }

    /// <summary>Sample scope for template previews.</summary>
    [Parameter] public JsonObject? Sample { get; set; }

    /// <inheritdoc />
    protected override void Reset() => _asScript = false;

    private string Editor
    {
        get
        {
            if (_asScript || CompiledValue.AsScript(Value) is not null) return "script";
            if (Choices is not null && Picker(Input.Name) is { } picker) return picker;
            return Input.UiHint switch
            {
                "expression" or "template" => "script",
                "table" when Input.Name == "form" => "form",
                "table" when Input.Name == "cases" => "cases",
                "table" or "json" => "json",
                var hint => hint,
            };
        }
    }

    // Inputs that name who a task goes to, by the names activities use for them.
    private static string? Picker(string name) => name switch
    {
        "assignee" or "managerId" => "user",
        "role" => "role",
        "queue" => "queue",
        _ => null,
    };

    private string? DefaultText => Input.Default is null ? null : $"default: {TextOf(Input.Default)}";

    private decimal? Number => Value is JsonValue v && v.TryGetValue<decimal>(out var d) ? d
        : Value is JsonValue e && e.TryGetValue<System.Text.Json.JsonElement>(out var el) && el.TryGetDecimal(out var ed) ? ed : null;

    private void UseScript() => _asScript = true;
}
