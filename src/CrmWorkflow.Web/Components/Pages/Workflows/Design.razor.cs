using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Validation;
using CrmWorkflow.Web.Designer;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;
using Radzen;

namespace CrmWorkflow.Web.Components.Pages.Workflows;

/// <summary>
/// The designer: loads the newest version of a workflow (or starts a new one) into a
/// <see cref="DesignerDocument"/>, saves it as the draft with the revision it was loaded at (so
/// nobody's newer save is overwritten, as the API's If-Match does) and publishes it.
/// </summary>
public sealed partial class Design
{
    [Parameter] public string Id { get; set; } = "";
    [Inject] private WorkflowDefinitionStore Store { get; set; } = default!;
    [Inject] private WorkflowCompiler Compiler { get; set; } = default!;
    [Inject] private ActivityRegistry Registry { get; set; } = default!;
    [Inject] private NotificationService Notifications { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private IJSRuntime Js { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    private DesignerDocument? _doc;
    private bool _loaded;
    private bool _busy;
    private string? _error;
    private bool _conflict;
    private int? _version;
    // The draft revision the drawing is based on; 0 when it is based on a published version (or
    // nothing), so a draft someone else starts meanwhile is a conflict too.
    private int _revision;
    private string _savedText = "saved";
    private DesignState? _savedState;
    private WorkflowDefinition? _savedDefinition;
    private int _tab;

    private bool IsNew => Id == "new";

    private bool Dirty => _doc is not null && (_version is null || !ReferenceEquals(_doc.State, _savedState) || !ReferenceEquals(_doc.Definition, _savedDefinition));

    protected override async Task OnParametersSetAsync()
    {
        // Saving a new workflow moves the URL from /new to its id: the document is already here.
        if (_doc?.Definition.DefinitionId == Id) return;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        _loaded = false;
        Attach(null);
        if (!IsNew && await Store.GetVersionAsync(Id) is { } found)
        {
            Attach(DesignerDocument.For(found.Definition, Registry));
            _version = found.Record.Version;
            _revision = found.Record.IsPublished ? 0 : found.Record.Revision;
            _savedText = found.Record.IsPublished ? $"v{_version} published" : $"draft v{_version} saved";
            MarkSaved();
        }
        _error = null;
        _conflict = false;
        _loaded = true;
    }

    private async Task ReloadAsync()
    {
        _doc = null;
        await LoadAsync();
    }

    /// <summary>A new workflow from the form: its id and name, and a start to build from.</summary>
    private void Start((string Id, string Name) created)
    {
        var definition = new WorkflowDefinition
        {
            DefinitionId = created.Id,
            Name = created.Name,
            Activities = [new ActivityNode { Id = "start", Type = "core.start" }],
        };
        Attach(DesignerDocument.For(definition, Registry));
        _version = null;
        _revision = 0;
        MarkSaved();
    }

    private void MarkSaved()
    {
        _savedState = _doc?.State;
        _savedDefinition = _doc?.Definition;
    }

    private async Task SaveAsync() => await RunAsync(SaveDraftAsync);

    private async Task SaveDraftAsync(string? user)
    {
        var saved = await Store.SaveDraftAsync(_doc!.ToDefinition(), _revision, user);
        var first = _version is null;
        (_version, _revision) = (saved.Version, saved.Revision);
        _savedText = $"draft v{saved.Version} saved";
        MarkSaved();
        Notifications.Notify(NotificationSeverity.Success, $"Draft v{saved.Version} saved",
            saved.Problems.Count == 0 ? "It can be published." : $"{saved.Problems.Count} problem(s) to fix before publishing.");
        if (first) Navigation.NavigateTo($"workflows/{saved.DefinitionId}/design", replace: true);
    }

    private async Task PublishAsync() => await RunAsync(async user =>
    {
        if (Dirty) await SaveDraftAsync(user);
        var published = await Store.PublishAsync(_doc!.Definition.DefinitionId, _version, user);
        _revision = 0;
        _savedText = $"v{published.Version} published";
        Notifications.Notify(NotificationSeverity.Success, $"v{published.Version} published", "New instances start on it.");
    });

    private async Task RunAsync(Func<string?, Task> action)
    {
        _busy = true;
        _error = null;
        _conflict = false;
        try
        {
            var user = (await Auth).User.Identity?.Name;
            await action(user);
        }
        catch (DefinitionConflictException ex)
        {
            _error = ex.Message + " Your drawing is still here: copy what you need, then reload.";
            _conflict = true;
        }
        catch (DefinitionInvalidException ex)
        {
            _error = $"Not published: {ex.Problems.Count} problem(s) remain; see the list below.";
        }
        catch (DefinitionNotFoundException ex)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task ConfirmLeaveAsync(LocationChangingContext context)
    {
        // Saving a new workflow replaces /new with its id: not a leave.
        if (!Dirty || context.TargetLocation.EndsWith($"/workflows/{_doc?.Definition.DefinitionId}/design", StringComparison.Ordinal)) return;
        if (!await Js.InvokeAsync<bool>("confirm", "This workflow has unsaved changes. Leave without saving them?"))
            context.PreventNavigation();
    }
}
