using System.Globalization;
using CrmWorkflow.Engine.Timers;

namespace CrmWorkflow.Crm.Features.Complaints;

/// <summary>
/// SLA arithmetic in working minutes over a business calendar (or round the clock when there
/// is none). Adding goes through the engine's calendar, so SLA due times and the workflows'
/// business-time delays agree to the minute.
/// </summary>
public sealed class SlaCalendar
{
    private readonly BusinessCalendar? _calendar;

    /// <summary>A calendar-based clock; <paramref name="calendar"/> null counts every minute.</summary>
    public SlaCalendar(BusinessCalendar? calendar)
    {
        var problems = calendar?.Problems().ToList() ?? [];
        if (problems.Count > 0) throw new ArgumentException("The SLA's business calendar is invalid: " + string.Join(" ", problems));
        _calendar = calendar;
    }

    /// <summary>The moment <paramref name="minutes"/> working minutes after <paramref name="from"/>.</summary>
    public DateTimeOffset AddMinutes(DateTimeOffset from, int minutes)
    {
        if (_calendar is null) return from.AddMinutes(minutes);
        // The engine reads whole days in a duration as working days; an SLA target is working
        // minutes, so add in pieces shorter than a day (adding is associative in working time).
        var piece = TimeSpan.FromHours(20);
        var left = TimeSpan.FromMinutes(Math.Max(0, minutes));
        var at = from;
        while (left > piece)
        {
            at = _calendar.Add(at, piece);
            left -= piece;
        }
        return _calendar.Add(at, left);
    }

    /// <summary>Working minutes between two moments (0 when <paramref name="to"/> is not later), rounded to the minute.</summary>
    public int MinutesBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from) return 0;
        if (_calendar is null) return (int)Math.Round((to - from).TotalMinutes);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(_calendar.TimeZone);
        var start = ParseTime(_calendar.Start);
        var end = ParseTime(_calendar.End);
        var days = _calendar.Days.Select(d => Enum.Parse<DayOfWeek>(d, true)).ToHashSet();
        var holidays = _calendar.Holidays.Select(h => DateOnly.ParseExact(h, "yyyy-MM-dd", CultureInfo.InvariantCulture)).ToHashSet();
        var a = TimeZoneInfo.ConvertTime(from, zone).DateTime;
        var b = TimeZoneInfo.ConvertTime(to, zone).DateTime;
        var total = TimeSpan.Zero;
        for (var day = a.Date; day <= b.Date; day = day.AddDays(1))
        {
            if (!days.Contains(day.DayOfWeek) || holidays.Contains(DateOnly.FromDateTime(day))) continue;
            var s = Max(day + start, a);
            var e = Min(day + end, b);
            if (e > s) total += e - s;
        }
        return (int)Math.Round(total.TotalMinutes);
    }

    /// <summary>A moment as people at the calendar's place read it, e.g. "2026-12-01 09:30 (Asia/Shanghai)".</summary>
    public string LocalText(DateTimeOffset at)
    {
        var zone = _calendar is null ? TimeZoneInfo.Utc : TimeZoneInfo.FindSystemTimeZoneById(_calendar.TimeZone);
        var local = TimeZoneInfo.ConvertTime(at, zone);
        return local.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + (_calendar is null ? " (UTC)" : $" ({_calendar.TimeZone})");
    }

    private static TimeSpan ParseTime(string text) => TimeSpan.ParseExact(text, "hh\\:mm", CultureInfo.InvariantCulture);

    private static DateTime Max(DateTime x, DateTime y) => x > y ? x : y;

    private static DateTime Min(DateTime x, DateTime y) => x < y ? x : y;
}
