using System.Linq.Expressions;

namespace CrmWorkflow.Crm.Features.Dashboards;

/// <summary>
/// The last few calendar weeks (Monday 00:00 UTC), oldest first, ending with the current one.
/// </summary>
public sealed class Weeks
{
    private Weeks(IReadOnlyList<DateTimeOffset> starts) => Starts = starts;

    /// <summary>Each week's Monday, oldest first.</summary>
    public IReadOnlyList<DateTimeOffset> Starts { get; }

    /// <summary>Start of the oldest week (inclusive).</summary>
    public DateTimeOffset From => Starts[0];

    /// <summary>End of the current week (exclusive).</summary>
    public DateTimeOffset To => Starts[^1].AddDays(7);

    /// <summary>The <paramref name="count"/> weeks up to and including the one <paramref name="now"/> falls in.</summary>
    public static Weeks Last(int count, DateTimeOffset now)
    {
        var day = now.UtcDateTime.Date;
        var monday = new DateTimeOffset(day.AddDays(-(((int)day.DayOfWeek + 6) % 7)), TimeSpan.Zero);
        return new Weeks(Enumerable.Range(0, Math.Max(1, count)).Select(i => monday.AddDays(-7 * (count - 1 - i))).ToList());
    }

    /// <summary>
    /// The week index (0 = oldest) of a timestamp as a CASE expression. Timestamps are stored in
    /// a provider-specific form (binary on SQLite), so the database cannot truncate them to a
    /// week itself; comparisons against the week starts translate everywhere. Callers filter to
    /// [<see cref="From"/>, <see cref="To"/>) first.
    /// </summary>
    public Expression<Func<T, int>> IndexOf<T>(Expression<Func<T, DateTimeOffset?>> at)
    {
        Expression body = Expression.Constant(Starts.Count - 1);
        for (var i = Starts.Count - 1; i >= 1; i--)
            body = Expression.Condition(Expression.LessThan(at.Body, Expression.Constant(Starts[i], typeof(DateTimeOffset?))),
                Expression.Constant(i - 1), body);
        return Expression.Lambda<Func<T, int>>(body, at.Parameters);
    }
}
