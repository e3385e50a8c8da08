using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Web.Designer;
using Microsoft.AspNetCore.Components;

namespace CrmWorkflow.Web.Components.Pages.Workflows;

/// <summary>Two versions of a definition compared: what changed in the flow, then the JSON side by side.</summary>
public partial class WorkflowDiff
{
    [Parameter] public string Id { get; set; } = "";
    [SupplyParameterFromQuery(Name = "from")] public int? From { get; set; }
    [SupplyParameterFromQuery(Name = "to")] public int? To { get; set; }
    [Inject] private WorkflowDefinitionStore Store { get; set; } = default!;

    private IReadOnlyList<WorkflowDefinitionRecord>? _versions;
    private DefinitionVersion? _newer;
    private DefinitionDiff? _diff;
    private IReadOnlyList<LineRow> _rows = [];
    private int _fromVersion;
    private int _toVersion;
    private string? _error;
    private bool _loaded;

    protected override async Task OnParametersSetAsync()
    {
        _error = null;
        _diff = null;
        _versions = await Store.ListVersionsAsync(Id);
        if (_versions.Count > 0)
        {
            // Without a pair in the URL: the live version against the newest, the review before publishing.
            var newest = _versions[0].Version;
            _toVersion = To ?? newest;
            _fromVersion = From ?? _versions.FirstOrDefault(v => v.IsLatestPublished && v.Version != _toVersion)?.Version
                ?? _versions.FirstOrDefault(v => v.Version < _toVersion)?.Version ?? _toVersion;
            var older = await Store.GetVersionAsync(Id, _fromVersion);
            _newer = await Store.GetVersionAsync(Id, _toVersion);
            if (older is null || _newer is null)
                _error = $"Workflow '{Id}' has no version {(older is null ? _fromVersion : _toVersion)}; pick two of its versions above.";
            else
            {
                _diff = DefinitionDiff.Compare(older.Definition, _newer.Definition);
                _rows = JsonLineDiff.Compare(DefinitionJson.Serialize(older.Definition), DefinitionJson.Serialize(_newer.Definition));
            }
        }
        _loaded = true;
    }
}
