namespace CrmWorkflow.Web.Components.Shared;

/// <summary>
/// One per browser connection: the notifications page tells the header's bell when it marked
/// messages read, so the count changes at once instead of at the bell's next look.
/// </summary>
public sealed class UnreadNotices
{
    public event Action? Changed;

    public void Touch() => Changed?.Invoke();
}
