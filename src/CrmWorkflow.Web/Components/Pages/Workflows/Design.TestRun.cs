using CrmWorkflow.Engine.Model;
using CrmWorkflow.Web.Components.Designer;
using CrmWorkflow.Web.Designer;

namespace CrmWorkflow.Web.Components.Pages.Workflows;

/// <summary>
/// The designer's test run tab: a run is of what the analyst sees (unsaved changes are saved as
/// the draft first), and the canvas lights up its path only while the tab is open and the
/// drawing is still the one that ran.
/// </summary>
public sealed partial class Design
{
    private const int TestRunTab = 2;
    private bool _testRunOpened;
    private IReadOnlySet<string>? _runPath;
    private IReadOnlySet<string>? _runWaiting;
    private DesignState? _runState;
    private WorkflowDefinition? _runDefinition;

    private bool RunStale => _doc is null || !ReferenceEquals(_doc.State, _runState) || !ReferenceEquals(_doc.Definition, _runDefinition);

    private IReadOnlySet<string>? LitPath => _tab == TestRunTab && !RunStale ? _runPath : null;

    private IReadOnlySet<string>? LitWaiting => _tab == TestRunTab && !RunStale ? _runWaiting : null;

    private async Task<TestRunTarget> PrepareTestRunAsync()
    {
        if (Dirty)
        {
            await RunAsync(SaveDraftAsync);
            if (_error is not null || Dirty) return new TestRunTarget(null, _error ?? "the draft could not be saved.");
        }
        _runState = _doc!.State;
        _runDefinition = _doc.Definition;
        return new TestRunTarget(_version);
    }

    private void RunPathChanged(IReadOnlySet<string> path) => _runPath = path;

    private void RunWaitingChanged(IReadOnlySet<string> waiting) => _runWaiting = waiting;

    // Selects without leaving the tab: the journal and the lit path stay beside the selection.
    private void RunStepPicked(string id)
    {
        if (_doc?.State.Node(id) is null) return;
        _selectedEdge = null;
        _doc.Select([id]);
    }

    // Saved first, so the what-if compares what is drawn here with the published version.
    private async Task WhatIfAsync()
    {
        if (Dirty) await RunAsync(SaveDraftAsync);
        if (!Dirty) Navigation.NavigateTo("workflows/lead-routing/what-if");
    }
}
