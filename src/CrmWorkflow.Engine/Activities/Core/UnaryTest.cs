using System.Text;
using System.Text.RegularExpressions;

namespace CrmWorkflow.Engine.Activities.Core;

/// <summary>
/// Turns a decision-table cell such as <c>&gt;= 70</c>, <c>10..20</c>, <c>gold, silver</c> or
/// <c>-</c> into a Scriban expression over <c>value</c>. Public so the designer checks a cell as
/// validation will.
/// </summary>
public static partial class UnaryTest
{
    /// <summary>The expression, or null when the cell matches anything.</summary>
    public static string? ToExpression(string cell)
    {
        var text = cell.Trim();
        if (text is "" or "-") return null;
        if (text.StartsWith("expr:", StringComparison.Ordinal)) return text[5..].Trim();
        foreach (var op in new[] { ">=", "<=", "!=", ">", "<", "=" })
        {
            if (!text.StartsWith(op, StringComparison.Ordinal)) continue;
            var operand = Operand(text[op.Length..]);
            return $"value {(op == "=" ? "==" : op)} ({operand})";
        }
        var parts = SplitTopLevel(text, ',');
        if (parts.Count > 1) return "(" + string.Join(" || ", parts.Select(p => $"value == ({Operand(p)})")) + ")";
        var range = RangePattern().Match(text);
        if (range.Success)
            return $"(value >= ({Operand(range.Groups[1].Value)}) && value <= ({Operand(range.Groups[2].Value)}))";
        return $"value == ({Operand(text)})";
    }

    // A bare word such as gold means the string "gold", not a variable named gold.
    private static string Operand(string text)
    {
        var t = text.Trim();
        if (BareWord().IsMatch(t) && t is not ("true" or "false" or "null")) return "\"" + t + "\"";
        return t;
    }

    private static List<string> SplitTopLevel(string text, char separator)
    {
        var parts = new List<string>();
        var current = new StringBuilder();
        char? quote = null;
        var depth = 0;
        foreach (var c in text)
        {
            if (quote is not null) { if (c == quote) quote = null; current.Append(c); continue; }
            if (c is '"' or '\'') quote = c;
            else if (c is '(' or '[') depth++;
            else if (c is ')' or ']') depth--;
            else if (c == separator && depth == 0) { parts.Add(current.ToString()); current.Clear(); continue; }
            current.Append(c);
        }
        parts.Add(current.ToString());
        return parts.Where(p => p.Trim().Length > 0).ToList();
    }

    [GeneratedRegex(@"^\[?\s*(-?[\d.]+)\s*\.\.\s*(-?[\d.]+)\s*\]?$")]
    private static partial Regex RangePattern();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_ \-]*$")]
    private static partial Regex BareWord();
}
