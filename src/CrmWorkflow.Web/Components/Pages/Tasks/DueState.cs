namespace CrmWorkflow.Web.Components.Pages.Tasks;

/// <summary>How close a task is to its due time: the inbox colours it green, amber or red.</summary>
public enum DueState { None, OnTrack, Soon, Late }

public static class DueStates
{
    /// <summary>Late after the due time; soon in the last quarter of the time given (at least the last hour).</summary>
    public static DueState For(DateTimeOffset now, DateTimeOffset created, DateTimeOffset? due)
    {
        if (due is not { } d) return DueState.None;
        if (now >= d) return DueState.Late;
        var left = d - now;
        var quarter = TimeSpan.FromTicks(Math.Max(0, (d - created).Ticks / 4));
        return left <= (quarter > TimeSpan.FromHours(1) ? quarter : TimeSpan.FromHours(1)) ? DueState.Soon : DueState.OnTrack;
    }

    /// <summary>"3h 20m left", "45m late".</summary>
    public static string Describe(DateTimeOffset now, DateTimeOffset due)
    {
        var span = due - now;
        var late = span < TimeSpan.Zero;
        span = span.Duration();
        var text = span.TotalDays >= 1 ? $"{(int)span.TotalDays}d {span.Hours}h" : span.TotalHours >= 1 ? $"{(int)span.TotalHours}h {span.Minutes}m" : $"{Math.Max(1, span.Minutes)}m";
        return late ? $"{text} late" : $"{text} left";
    }
}
