using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace CrmWorkflow.Web.Components.Designer.Editors;

/// <summary>
/// ISO 8601 durations (what the engine stores) read and written in words, so an analyst can
/// type "4 hours" or "PT4H" and sees "4 hours" either way.
/// </summary>
public static partial class Durations
{
    /// <summary>Reads "PT4H", "4 hours", "1 day 2h", "30 min"; null when it is neither.</summary>
    public static TimeSpan? Parse(string text)
    {
        text = text.Trim();
        if (text.Length == 0) return null;
        if (text.StartsWith('P') || text.StartsWith('-'))
        {
            try { return XmlConvert.ToTimeSpan(text); }
            catch (FormatException) { return null; }
        }
        var total = TimeSpan.Zero;
        var matches = Words().Matches(text);
        if (matches.Count == 0 || string.Concat(matches.Select(m => m.Value)).Replace(" ", "") != text.Replace(" ", "").Replace(",", "").Replace("and", ""))
            return null;
        foreach (Match m in matches)
        {
            var n = double.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture);
            total += m.Groups["u"].Value.ToLowerInvariant() switch
            {
                var u when u.StartsWith('w') => TimeSpan.FromDays(7 * n),
                var u when u.StartsWith('d') => TimeSpan.FromDays(n),
                var u when u.StartsWith('h') => TimeSpan.FromHours(n),
                var u when u.StartsWith('s') => TimeSpan.FromSeconds(n),
                _ => TimeSpan.FromMinutes(n),
            };
        }
        return total;
    }

    /// <summary>The ISO 8601 form the engine reads, e.g. PT4H or P2D.</summary>
    public static string ToIso(TimeSpan span) => XmlConvert.ToString(span);

    /// <summary>In words: "4 hours", "1 day 2 hours 30 minutes".</summary>
    public static string Describe(TimeSpan span)
    {
        if (span == TimeSpan.Zero) return "no time";
        var parts = new List<string>();
        if (span < TimeSpan.Zero) { parts.Add("minus"); span = span.Negate(); }
        Add(parts, span.Days, "day");
        Add(parts, span.Hours, "hour");
        Add(parts, span.Minutes, "minute");
        Add(parts, span.Seconds, "second");
        return string.Join(" ", parts);
    }

    private static void Add(List<string> parts, int n, string unit)
    {
        if (n != 0) parts.Add($"{n} {unit}{(n == 1 ? "" : "s")}");
    }

    [GeneratedRegex(@"(?<n>\d+(\.\d+)?)\s*(?<u>weeks?|w|days?|d|hours?|hrs?|h|minutes?|mins?|m|seconds?|secs?|s)\b", RegexOptions.IgnoreCase)]
    private static partial Regex Words();
}
