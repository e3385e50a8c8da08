using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Features.Tasks;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Web.Designer;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace CrmWorkflow.Web.Components.Designer;

public partial class PropertyPanel
{
    private DesignerDocument? _subscribed;
    private AssignmentChoices? _choices;
    private bool _choicesLoaded;
    private string? _focused;
    private WorkflowDefinition? _sampleOf;
    private JsonObject? _sample;

    [Inject] private ActivityRegistry Registry { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;

    /// <summary>The drawing being edited.</summary>
    [Parameter, EditorRequired] public DesignerDocument Document { get; set; } = default!;

    /// <summary>The activity whose properties show; none shows a hint.</summary>
    [Parameter] public string? NodeId { get; set; }

    /// <summary>The input a validation problem points to: its editor is scrolled to and focused.</summary>
    [Parameter] public string? FocusInput { get; set; }

    private Dictionary<string, ElementReference> Anchors { get; } = [];

    private DesignNode? Node => NodeId is null ? null : Document.State.Node(NodeId);

    private ActivityDescriptor? Descriptor => Node is { } node ? Registry.Find(node.Type) : null;

    private string FieldPrefix => $"prop-{NodeId}";

    private string Field(string input) => $"{FieldPrefix}-{input}";

    // The decision table's rows are edited in the same grid as its columns.
    private IEnumerable<InputDescriptor> VisibleInputs =>
        Descriptor!.Inputs.Where(i => !(i.Name == "rows" && Descriptor.Inputs.Any(IsDecisionTable)));

    private static bool IsDecisionTable(InputDescriptor input) => input is { Name: "columns", UiHint: "table" };

    private JsonNode? Value(string input) => Node?.Inputs?[input];

    /// <summary>Sample data for template previews: the workflow's inputs and variables with their defaults.</summary>
    private JsonObject Sample
    {
        get
        {
            if (_sample is not null && ReferenceEquals(_sampleOf, Document.Definition)) return _sample;
            _sampleOf = Document.Definition;
            var input = new JsonObject();
            foreach (var i in Document.Definition.Inputs) input[i.Name] = i.Default?.DeepClone() ?? SampleOf(i.Type, i.Name);
            var vars = new JsonObject();
            foreach (var v in Document.Definition.Variables) vars[v.Name] = v.Default?.DeepClone() ?? SampleOf(v.Type, v.Name);
            return _sample = new JsonObject
            {
                ["input"] = input, ["vars"] = vars, ["outputs"] = new JsonObject(), ["event"] = new JsonObject(),
                ["instance"] = new JsonObject { ["id"] = "sample", ["definitionId"] = Document.Definition.DefinitionId, ["version"] = 1 },
            };
        }
    }

    private static JsonNode? SampleOf(string type, string name) => type switch
    {
        "number" => 1,
        "boolean" => true,
        "object" => new JsonObject(),
        "array" => new JsonArray(),
        "datetime" => "2025-01-15T09:00:00Z",
        _ => $"sample {name}",
    };

    private static string Label(InputDescriptor input)
    {
        var chars = new List<char>();
        foreach (var c in input.Name)
        {
            if (char.IsUpper(c) && chars.Count > 0) { chars.Add(' '); chars.Add(char.ToLowerInvariant(c)); }
            else chars.Add(chars.Count == 0 ? char.ToUpperInvariant(c) : c);
        }
        return new string([.. chars]);
    }

    protected override async Task OnParametersSetAsync()
    {
        if (!ReferenceEquals(_subscribed, Document))
        {
            if (_subscribed is not null) _subscribed.Changed -= OnChanged;
            _subscribed = Document;
            Document.Changed += OnChanged;
        }
        // Pickers need the CRM's managers, roles and queues: read once, when an activity has such inputs.
        if (!_choicesLoaded && Descriptor?.Inputs.Any(i => i.Name is "assignee" or "managerId" or "role" or "queue") == true
            && Services.GetService<AssignmentChoicesHandler>() is { } handler)
        {
            _choicesLoaded = true;
            _choices = await handler.GetAsync();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (FocusInput == _focused) return;
        _focused = FocusInput;
        // Into the input's field itself, so the analyst can type the fix at once (focusing the
        // wrapper instead would take the focus away from a field already being typed into).
        if (FocusInput is not null && Anchors.TryGetValue(FocusInput, out var anchor) && anchor.Context is not null)
            await Js.InvokeVoidAsync("crmWorkflow.focusField", anchor);
    }

    private void OnChanged() => _ = InvokeAsync(StateHasChanged);

    private void RenameAsync(string text)
    {
        if (Node is null) return;
        var name = string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        Document.Update(Node.Id, n => n with { Name = name });
    }

    private void SetAsync(string input, JsonNode? value)
    {
        if (Node is not { } node || JsonNode.DeepEquals(node.Inputs?[input], value)) return;
        Document.Update(node.Id, n => n with { Inputs = With(n.Inputs, (input, value)) });
    }

    private void SetTableAsync((JsonNode? Columns, JsonNode? Rows) table)
    {
        if (Node is not { } node) return;
        Document.Update(node.Id, n => n with { Inputs = With(n.Inputs, ("columns", table.Columns), ("rows", table.Rows)) });
    }

    // Inputs are never changed in place: the previous state keeps its object for undo.
    private static JsonObject? With(JsonObject? inputs, params (string Name, JsonNode? Value)[] changes)
    {
        var copy = inputs?.DeepClone().AsObject() ?? [];
        foreach (var (name, value) in changes)
        {
            if (value is null) copy.Remove(name);
            else copy[name] = value.DeepClone();
        }
        return copy.Count == 0 ? null : copy;
    }

    public void Dispose()
    {
        if (_subscribed is not null) _subscribed.Changed -= OnChanged;
    }
}
