using System.Globalization;
using System.Text.RegularExpressions;

namespace CrmWorkflow.Web.Components.Pages.Reports;

/// <summary>One category of a chart and its value.</summary>
public sealed record ChartPoint(string Category, double Value);

/// <summary>A row of a report or query grid: its cells in column order.</summary>
public sealed record GridRow(IReadOnlyList<object?> Cells);

/// <summary>How a chart draws its points.</summary>
public enum ChartKind { Column, Bar, Pie }

/// <summary>Helpers shared by the report and query pages.</summary>
public static partial class Tabular
{
    /// <summary>"keyAccounts" as "Key accounts", "avg(churnRisk)" as "Avg churn risk".</summary>
    public static string Title(string column)
    {
        var words = Words().Replace(column.Replace("(", " ").Replace(")", ""), " $1").ToLowerInvariant().Trim();
        return words.Length == 0 ? column : char.ToUpperInvariant(words[0]) + words[1..];
    }

    /// <summary>A cell as text: numbers and dates in a fixed, readable form.</summary>
    public static string Text(object? value) => value switch
    {
        null => "",
        DateTimeOffset d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        decimal m => m.ToString("#,0.##", CultureInfo.InvariantCulture),
        double x => x.ToString("#,0.##", CultureInfo.InvariantCulture),
        bool b => b ? "yes" : "no",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>A number cell as a double (0 when empty or not a number).</summary>
    public static double Number(object? value) => value is IConvertible c and not string and not bool
        ? c.ToDouble(CultureInfo.InvariantCulture) : 0;

    /// <summary>Rows summed by a category column, in order of first appearance.</summary>
    public static IReadOnlyList<ChartPoint> Points(IEnumerable<(object? Category, object? Value)> rows) => rows
        .GroupBy(r => r.Category is null ? "(none)" : Text(r.Category))
        .Select(g => new ChartPoint(g.Key, Math.Round(g.Sum(r => Number(r.Value)), 2)))
        .ToList();

    [GeneratedRegex("(?<=[a-z])([A-Z])")]
    private static partial Regex Words();
}
