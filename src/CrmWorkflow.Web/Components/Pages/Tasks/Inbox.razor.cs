using CrmWorkflow.Crm.Features.Tasks;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Engine.Runtime.Durable;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;
using Radzen.Blazor;

namespace CrmWorkflow.Web.Components.Pages.Tasks;

public partial class Inbox
{
    private static readonly object[] DueChoices =
    [
        new { Text = "Any time", Value = TaskDue.Any }, new { Text = "Overdue", Value = TaskDue.Overdue },
        new { Text = "Today", Value = TaskDue.Today }, new { Text = "This week", Value = TaskDue.ThisWeek },
    ];

    private static readonly object[] SortChoices =
    [
        new { Text = "Due date", Value = TaskSort.Due }, new { Text = "Priority", Value = TaskSort.Priority },
        new { Text = "Newest", Value = TaskSort.Created },
    ];

    // Bursts (a workflow step creating several tasks, a bulk hand-over) become one reload.
    private static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(300);

    [Inject] private WorkflowQueries Queries { get; set; } = default!;
    [Inject] private WorkflowDefinitionStore Definitions { get; set; } = default!;
    [Inject] private TaskViewers Viewers { get; set; } = default!;
    [Inject] private ClaimTaskHandler Claims { get; set; } = default!;
    [Inject] private TaskChanges Changes { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private NotificationService Notifications { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    private RadzenDataGrid<HumanTaskRecord>? _grid;
    private TaskViewer? _viewer;
    private IReadOnlyList<object> _definitions = [];
    // Null until the first load: the grid calls LoadData only when it has no data yet.
    private IEnumerable<HumanTaskRecord>? _items;
    private int _total;
    private bool _capped, _loading;
    private string? _text, _priority, _definition;
    private TaskView _view = TaskView.Mine;
    private TaskDue _due;
    private TaskSort _sort;
    private CancellationTokenSource? _pending;
    private IReadOnlyDictionary<string, string> _holders = new Dictionary<string, string>();

    // Who holds a task, as people read it: a manager's name, else the queue or role it waits in.
    private string HeldBy(HumanTaskRecord task) =>
        task.Assignee is { } assignee ? _holders.GetValueOrDefault(assignee) ?? assignee
        : task.Queue is { } queue ? $"queue {queue}" : $"role {task.Role}";

    private string EmptyText => _view switch
    {
        TaskView.Queues => "Nothing waiting in your queues.",
        TaskView.Team => "Your team has no open tasks matching these filters.",
        _ => "No open tasks match: nothing is waiting for you. Try My queues, or clear the filters.",
    };

    protected override async Task OnInitializedAsync()
    {
        _viewer = await Viewers.ForAsync((await Auth).User);
        _definitions = (await Definitions.ListAsync()).Select(d => (object)new { Id = d.DefinitionId, Name = d.Name ?? d.DefinitionId }).ToList();
        Changes.Changed += OnTasksChanged;
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        _loading = true;
        var size = args.Top is > 0 ? args.Top.Value : 25;
        var filter = new TaskFilter { Priority = _priority, Text = _text, DefinitionId = _definition }.WithDue(_due, Clock.GetUtcNow(), TimeZoneInfo.Local);
        var result = await Queries.ListTasksAsync(_viewer!, _view, filter, _sort, (args.Skip ?? 0) / size + 1, size);
        _holders = await Viewers.DisplayNamesAsync(result.Items.Select(t => t.Assignee));
        (_items, _total, _capped, _loading) = (result.Items, result.Total, result.TotalIsLowerBound, false);
    }

    private Task ReloadAsync() => _grid?.Reload() ?? Task.CompletedTask;

    // Raised on the thread of the workflow step that committed: hop onto this circuit, once per burst.
    private void OnTasksChanged(IReadOnlyCollection<string> taskIds)
    {
        var cts = new CancellationTokenSource();
        Interlocked.Exchange(ref _pending, cts)?.Cancel();
        _ = ReloadSoonAsync(cts.Token);
    }

    private async Task ReloadSoonAsync(CancellationToken ct)
    {
        try
        {
            await Task.Delay(Debounce, ct);
            await InvokeAsync(async () =>
            {
                await ReloadAsync();
                StateHasChanged();
            });
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // A newer change took over, or the page was closed meanwhile.
        }
    }

    private async Task OpenAsync(DataGridRowMouseEventArgs<HumanTaskRecord> row)
    {
        var user = (await Auth).User;
        if (!_viewer!.MayWork(row.Data!))
        {
            Notifications.Notify(NotificationSeverity.Info, "Held by a team member", "Delegate it to someone else, or ask them.");
            return;
        }
        var done = await Dialogs.OpenAsync<TaskDialog>(row.Data!.Title, new Dictionary<string, object?>
        {
            [nameof(TaskDialog.Task)] = row.Data,
            [nameof(TaskDialog.Viewer)] = _viewer,
            [nameof(TaskDialog.UserName)] = user.Identity?.Name ?? "",
        }, new DialogOptions { Width = "min(36rem, 95vw)" });
        if (done is true)
        {
            Notifications.Notify(NotificationSeverity.Success, "Task completed", row.Data!.Title);
            await ReloadAsync();
        }
    }

    private async Task ClaimAsync(HumanTaskRecord task)
    {
        var result = await Claims.HandleAsync(task.Id, _viewer!);
        if (result.Status == AssignTaskStatus.Assigned) Notifications.Notify(NotificationSeverity.Success, "Task claimed", $"{task.Title} is in Mine now.");
        else Notifications.Notify(NotificationSeverity.Warning, "Could not claim the task", result.Message ?? "");
        await ReloadAsync();
    }

    private async Task DelegateAsync(HumanTaskRecord task)
    {
        var to = await Dialogs.OpenAsync<DelegateDialog>($"Delegate: {task.Title}", new Dictionary<string, object?>
        {
            [nameof(DelegateDialog.Task)] = task,
            [nameof(DelegateDialog.Viewer)] = _viewer,
        }, new DialogOptions { Width = "min(28rem, 95vw)" });
        if (to is string name)
        {
            Notifications.Notify(NotificationSeverity.Success, "Task delegated", $"{task.Title} went to {name}.");
            await ReloadAsync();
        }
    }

    public void Dispose()
    {
        Changes.Changed -= OnTasksChanged;
        Interlocked.Exchange(ref _pending, null)?.Cancel();
    }
}
