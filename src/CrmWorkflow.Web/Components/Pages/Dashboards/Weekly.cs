using System.Globalization;

namespace CrmWorkflow.Web.Components.Pages.Dashboards;

/// <summary>Chart labels for weeks.</summary>
public static class Weekly
{
    /// <summary>The week's Monday, e.g. "Mar 2".</summary>
    public static string Label(DateTimeOffset monday) => monday.ToString("MMM d", CultureInfo.InvariantCulture);
}
