namespace CrmWorkflow.Web.Designer;

/// <summary>How a row of the side-by-side view differs.</summary>
public enum LineKind { Same, Changed, Removed, Added }

/// <summary>One row of the side-by-side view: a line of the older text, of the newer, or both (numbers from 1).</summary>
public sealed record LineRow(LineKind Kind, int? OldNumber, string? Old, int? NewNumber, string? New);

/// <summary>
/// A line-by-line comparison of two texts for a side-by-side view: the longest common
/// subsequence keeps equal lines aligned, and a run of removed lines followed by added ones is
/// shown as changed lines facing each other, which is how an edited value reads best.
/// </summary>
public static class JsonLineDiff
{
    /// <summary>The rows of the comparison, in order.</summary>
    public static IReadOnlyList<LineRow> Compare(string older, string newer)
    {
        var a = Lines(older);
        var b = Lines(newer);
        // Common prefix and suffix first: most edits are small, so the table below stays small.
        var start = 0;
        while (start < a.Length && start < b.Length && a[start] == b[start]) start++;
        var endA = a.Length;
        var endB = b.Length;
        while (endA > start && endB > start && a[endA - 1] == b[endB - 1]) { endA--; endB--; }

        var rows = new List<LineRow>();
        for (var i = 0; i < start; i++) rows.Add(new(LineKind.Same, i + 1, a[i], i + 1, b[i]));
        Middle(a, start, endA, b, start, endB, rows);
        for (int i = endA, j = endB; i < a.Length; i++, j++) rows.Add(new(LineKind.Same, i + 1, a[i], j + 1, b[j]));
        return rows;
    }

    private static void Middle(string[] a, int a0, int a1, string[] b, int b0, int b1, List<LineRow> rows)
    {
        int n = a1 - a0, m = b1 - b0;
        var removed = new List<int>();
        var added = new List<int>();
        if ((long)n * m > 4_000_000)
        {
            // Two unrelated huge documents: the table would be too big; show them as replaced.
            removed.AddRange(Enumerable.Range(a0, n));
            added.AddRange(Enumerable.Range(b0, m));
            Flush(a, b, removed, added, rows);
            return;
        }
        var lcs = new int[n + 1, m + 1];
        for (var i = n - 1; i >= 0; i--)
            for (var j = m - 1; j >= 0; j--)
                lcs[i, j] = a[a0 + i] == b[b0 + j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        int x = 0, y = 0;
        while (x < n || y < m)
        {
            if (x < n && y < m && a[a0 + x] == b[b0 + y])
            {
                Flush(a, b, removed, added, rows);
                rows.Add(new(LineKind.Same, a0 + x + 1, a[a0 + x], b0 + y + 1, b[b0 + y]));
                x++; y++;
            }
            else if (y < m && (x == n || lcs[x, y + 1] >= lcs[x + 1, y])) added.Add(b0 + y++);
            else removed.Add(a0 + x++);
        }
        Flush(a, b, removed, added, rows);
    }

    private static void Flush(string[] a, string[] b, List<int> removed, List<int> added, List<LineRow> rows)
    {
        var pairs = Math.Min(removed.Count, added.Count);
        for (var k = 0; k < pairs; k++) rows.Add(new(LineKind.Changed, removed[k] + 1, a[removed[k]], added[k] + 1, b[added[k]]));
        for (var k = pairs; k < removed.Count; k++) rows.Add(new(LineKind.Removed, removed[k] + 1, a[removed[k]], null, null));
        for (var k = pairs; k < added.Count; k++) rows.Add(new(LineKind.Added, null, null, added[k] + 1, b[added[k]]));
        removed.Clear();
        added.Clear();
    }

    private static string[] Lines(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
}
