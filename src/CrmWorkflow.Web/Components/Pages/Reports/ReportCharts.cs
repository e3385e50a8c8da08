namespace CrmWorkflow.Web.Components.Pages.Reports;

/// <summary>Which columns of each report make its chart, and what kind of chart fits.</summary>
public static class ReportCharts
{
    public sealed record Spec(string Category, string Value, ChartKind Kind);

    private static readonly Dictionary<string, Spec> Specs = new()
    {
        ["profile"] = new("tier", "customers", ChartKind.Pie),
        ["purchase-channels"] = new("channel", "revenue", ChartKind.Column),
        ["profitable-products"] = new("product", "margin", ChartKind.Bar),
        ["contact-frequency"] = new("channel", "contacts", ChartKind.Column),
        ["cost-to-serve"] = new("channel", "costPerContact", ChartKind.Column),
        ["churn"] = new("riskBand", "customers", ChartKind.Pie),
        ["campaign-response"] = new("campaign", "responseRate", ChartKind.Column),
        ["acquisition"] = new("channel", "conversionRate", ChartKind.Column),
    };

    /// <summary>The report's chart spec, or null when the report has no chart.</summary>
    public static Spec? For(string report, IReadOnlyList<string> columns) =>
        Specs.TryGetValue(report, out var spec) && columns.Contains(spec.Category) && columns.Contains(spec.Value) ? spec : null;
}
