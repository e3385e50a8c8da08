using Microsoft.AspNetCore.Components;

namespace CrmWorkflow.Web.Components.Pages.Dashboards;

/// <summary>
/// A card that runs its own query once the page is interactive, so every card shows its own
/// spinner and a slow one does not hold up the others (nor the prerendered page).
/// </summary>
public abstract class DashboardCardBase<T> : ComponentBase, IDisposable where T : class
{
    private readonly CancellationTokenSource _cancel = new();

    [Inject] private ILogger<DashboardCardBase<T>> Logger { get; set; } = default!;

    /// <summary>The query's answer; null while it runs.</summary>
    protected T? Data { get; private set; }

    /// <summary>Set when the query failed.</summary>
    protected string? Error { get; private set; }

    protected bool Loading => Data is null && Error is null;

    protected abstract Task<T> LoadAsync(CancellationToken ct);

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        try
        {
            Data = await LoadAsync(_cancel.Token);
        }
        catch (OperationCanceledException) when (_cancel.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Dashboard card {Card} failed", GetType().Name);
            Error = "This figure could not be computed; the error is in the server log.";
        }
        StateHasChanged();
    }

    public void Dispose()
    {
        _cancel.Cancel();
        _cancel.Dispose();
        GC.SuppressFinalize(this);
    }
}
