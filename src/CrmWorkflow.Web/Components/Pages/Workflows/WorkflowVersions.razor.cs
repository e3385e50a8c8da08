using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;

namespace CrmWorkflow.Web.Components.Pages.Workflows;

public partial class WorkflowVersions
{
    [Parameter] public string Id { get; set; } = "";
    [Inject] private WorkflowDefinitionStore Store { get; set; } = default!;
    [Inject] private WorkflowQueries Queries { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private NotificationService Notifications { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    private IReadOnlyList<WorkflowDefinitionRecord>? _versions;
    private DefinitionVersion? _draft;
    private IReadOnlyDictionary<(string DefinitionId, int Version), int> _active = new Dictionary<(string, int), int>();
    private bool _loaded;
    private bool _busy;
    private string? _error;
    private IReadOnlyList<ValidationProblem> _errorProblems = [];

    protected override async Task OnParametersSetAsync() => await LoadAsync();

    private async Task LoadAsync()
    {
        _versions = await Store.ListVersionsAsync(Id);
        // Only the newest version can be a draft.
        _draft = _versions is [{ IsPublished: false } newest, ..] ? await Store.GetVersionAsync(Id, newest.Version) : null;
        _active = await Queries.CountActiveAsync(Id);
        _loaded = true;
    }

    private async Task PublishAsync()
    {
        if (_draft is not { } draft) return;
        var version = draft.Record.Version;
        if (await Dialogs.Confirm($"Publish v{version}? New instances start on it; running ones stay on their version.", "Publish",
                new ConfirmOptions { OkButtonText = "Publish", CancelButtonText = "Not yet" }) != true) return;
        await RunAsync(async user =>
        {
            var published = await Store.PublishAsync(Id, version, user);
            Notifications.Notify(NotificationSeverity.Success, $"v{published.Version} published", "New instances start on it.");
        });
    }

    private async Task DeleteAsync()
    {
        if (_draft is not { } draft) return;
        var version = draft.Record.Version;
        if (await Dialogs.Confirm($"Delete draft v{version}? Its changes are lost; published versions stay.", "Delete draft",
                new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Keep it" }) != true) return;
        await RunAsync(async _ =>
        {
            await Store.DeleteDraftAsync(Id, version);
            Notifications.Notify(NotificationSeverity.Success, $"Draft v{version} deleted", "");
        });
    }

    // Someone else may have published or deleted the draft meanwhile: say so and show the current state.
    private async Task RunAsync(Func<string?, Task> action)
    {
        _busy = true;
        _error = null;
        _errorProblems = [];
        try
        {
            await action((await Auth).User.Identity?.Name);
        }
        catch (DefinitionInvalidException ex)
        {
            _error = "The draft is not valid; fix these first:";
            _errorProblems = ex.Problems;
        }
        catch (Exception ex) when (ex is DefinitionConflictException or DefinitionNotFoundException)
        {
            _error = ex.Message;
        }
        finally
        {
            _busy = false;
        }
        await LoadAsync();
    }

    private static string When(DateTimeOffset at, string? by) => $"{at.ToLocalTime():yyyy-MM-dd HH:mm}{(by is null ? "" : $" by {by}")}";
}
