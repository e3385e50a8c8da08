using System.Globalization;

namespace CrmWorkflow.Engine.Timers;

/// <summary>
/// Working hours, working days and holidays in a time zone. Durations measured against a
/// calendar count only working time: whole days are working days, the rest working hours.
/// </summary>
public sealed record BusinessCalendar
{
    /// <summary>IANA or Windows time zone id.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Start of the working day, HH:mm.</summary>
    public string Start { get; init; } = "09:00";

    /// <summary>End of the working day, HH:mm.</summary>
    public string End { get; init; } = "17:00";

    /// <summary>Working days (English day names).</summary>
    public IReadOnlyList<string> Days { get; init; } = ["monday", "tuesday", "wednesday", "thursday", "friday"];

    /// <summary>Dates that are not worked, yyyy-MM-dd in the calendar's time zone.</summary>
    public IReadOnlyList<string> Holidays { get; init; } = [];

    /// <summary>Adds working time to an instant.</summary>
    public DateTimeOffset Add(DateTimeOffset from, TimeSpan duration)
    {
        var rules = Rules.From(this);
        var local = TimeZoneInfo.ConvertTime(from, rules.Zone).DateTime;
        // Whole days count as working days, landing at the same working time-of-day.
        for (var d = 0; d < duration.Days; d++)
        {
            local = rules.NextWorkingMoment(local);
            var next = local.AddDays(1);
            while (!rules.IsWorkingDay(next.Date)) next = next.AddDays(1);
            local = next;
        }
        var remaining = duration - TimeSpan.FromDays(duration.Days);
        local = rules.NextWorkingMoment(local);
        while (remaining > TimeSpan.Zero)
        {
            var dayEnd = local.Date + rules.End;
            var available = dayEnd - local;
            if (remaining <= available)
            {
                local += remaining;
                break;
            }
            remaining -= available;
            local = rules.NextWorkingMoment(dayEnd.AddTicks(1));
        }
        return new DateTimeOffset(local, rules.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>The first working moment at or after an instant.</summary>
    public DateTimeOffset NextWorkingMoment(DateTimeOffset from)
    {
        var rules = Rules.From(this);
        var local = rules.NextWorkingMoment(TimeZoneInfo.ConvertTime(from, rules.Zone).DateTime);
        return new DateTimeOffset(local, rules.Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Problems with the calendar's settings, empty when it is usable.</summary>
    public IEnumerable<string> Problems()
    {
        if (!TryZone(TimeZone, out _)) yield return $"Unknown time zone '{TimeZone}'.";
        if (!TimeSpan.TryParseExact(Start, "hh\\:mm", CultureInfo.InvariantCulture, out var s)) yield return $"Start '{Start}' is not HH:mm.";
        if (!TimeSpan.TryParseExact(End, "hh\\:mm", CultureInfo.InvariantCulture, out var e)) yield return $"End '{End}' is not HH:mm.";
        else if (e <= s) yield return "The working day must end after it starts.";
        foreach (var day in Days)
            if (!Enum.TryParse<DayOfWeek>(day, true, out _)) yield return $"'{day}' is not a day of the week.";
        if (Days.Count == 0) yield return "At least one working day is needed.";
        foreach (var h in Holidays)
            if (!DateOnly.TryParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                yield return $"Holiday '{h}' is not yyyy-MM-dd.";
    }

    private static bool TryZone(string id, out TimeZoneInfo zone)
    {
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            zone = TimeZoneInfo.Utc;
            return false;
        }
    }

    private sealed record Rules(TimeZoneInfo Zone, TimeSpan Start, TimeSpan End, HashSet<DayOfWeek> Days, HashSet<DateOnly> Holidays)
    {
        public static Rules From(BusinessCalendar c)
        {
            var problems = c.Problems().ToList();
            if (problems.Count > 0) throw new ArgumentException("Invalid business calendar: " + string.Join(" ", problems));
            TryZone(c.TimeZone, out var zone);
            return new Rules(zone,
                TimeSpan.ParseExact(c.Start, "hh\\:mm", CultureInfo.InvariantCulture),
                TimeSpan.ParseExact(c.End, "hh\\:mm", CultureInfo.InvariantCulture),
                c.Days.Select(d => Enum.Parse<DayOfWeek>(d, true)).ToHashSet(),
                c.Holidays.Select(h => DateOnly.ParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet());
        }

        public bool IsWorkingDay(DateTime date) => Days.Contains(date.DayOfWeek) && !Holidays.Contains(DateOnly.FromDateTime(date));

        public DateTime NextWorkingMoment(DateTime local)
        {
            for (var guard = 0; guard < 3660; guard++)
            {
                if (IsWorkingDay(local.Date))
                {
                    if (local.TimeOfDay < Start) return local.Date + Start;
                    if (local.TimeOfDay < End) return local;
                }
                local = local.Date.AddDays(1) + Start;
                if (IsWorkingDay(local.Date)) return local;
            }
            throw new ArgumentException("The business calendar has no working time in the next ten years.");
        }
    }
}
