using CrmWorkflow.Crm.Features.Managers;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Web.Api;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Radzen;
using Radzen.Blazor;

namespace CrmWorkflow.Web.Components.Pages.Managers;

public partial class Managers
{
    [Inject] private ListManagersHandler Handler { get; set; } = default!;
    [Inject] private UserManager<AppUser> Users { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private NotificationService Notifications { get; set; } = default!;
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [CascadingParameter] private Task<AuthenticationState> Auth { get; set; } = default!;

    private RadzenDataGrid<ManagerCard>? _grid;
    private IEnumerable<ManagerCard>? _items;
    private int _total;
    private bool _loading;
    private string? _search;
    private bool _includeInactive = true;
    private bool _isAdmin;
    private bool _ownOnly;
    private ManagerAccess _access = ManagerAccess.Own("(none)");
    private DateTimeOffset _now;

    protected override async Task OnInitializedAsync()
    {
        var user = (await Auth).User;
        _isAdmin = user.IsInRole(Roles.Admin);
        _access = await ManagerEndpoints.AccessAsync(user, Users);
        _ownOnly = _access.OnlyManagerId is not null;
        _now = Clock.GetUtcNow();
    }

    private async Task LoadAsync(LoadDataArgs args)
    {
        _loading = true;
        _now = Clock.GetUtcNow();
        var size = args.Top is > 0 ? args.Top.Value : 25;
        var page = await Handler.ListAsync(new ManagerFilter(_search, _includeInactive), _access, args.Skip ?? 0, size);
        _items = page.Items;
        _total = page.Total;
        _loading = false;
    }

    private async Task EditAsync(ManagerCard manager)
    {
        if (!_isAdmin) return;
        var saved = await Dialogs.OpenAsync<ManagerEditDialog>($"{manager.Name}: capacity and absence",
            new Dictionary<string, object?> { [nameof(ManagerEditDialog.Manager)] = manager }, new DialogOptions { Width = "min(34rem, 95vw)" });
        if (saved is string what)
        {
            Notifications.Notify(NotificationSeverity.Success, $"{manager.Name} updated", what);
            await _grid!.Reload();
        }
    }

    private async Task DeactivateAsync(ManagerCard manager)
    {
        if (!_isAdmin) return;
        var done = await Dialogs.OpenAsync<DeactivateDialog>($"Deactivate {manager.Name}?",
            new Dictionary<string, object?> { [nameof(DeactivateDialog.Manager)] = manager }, new DialogOptions { Width = "min(52rem, 95vw)" });
        if (done is not DeactivationSummary summary) return;
        var waiting = summary.WithoutManager.Count + summary.StillWithManager.Count;
        Notifications.Notify(waiting > 0 || summary.Note is not null ? NotificationSeverity.Warning : NotificationSeverity.Success,
            $"{summary.Name} deactivated",
            $"{summary.HandedOver.Count} of {summary.Accounts} account(s) handed over" + (waiting > 0 ? $"; {waiting} wait for an admin." : ".")
            + (summary.TasksEscalated > 0 ? $" {summary.TasksEscalated} open task(s) escalated: leads not yet contacted went to other managers." : "")
            + (summary.Note is null ? "" : $" {summary.Note}"), TimeSpan.FromSeconds(10));
        await _grid!.Reload();
    }

    private static string List(string csv, string none) => csv.Length == 0 ? none : csv.Replace(",", ", ");
}
