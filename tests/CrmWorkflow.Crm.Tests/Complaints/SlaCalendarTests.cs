using CrmWorkflow.Crm.Domain;
using CrmWorkflow.Crm.Features.Complaints;
using CrmWorkflow.Engine.Timers;
using static CrmWorkflow.Crm.Tests.Complaints.ComplaintWorld;

namespace CrmWorkflow.Crm.Tests.Complaints;

public sealed class SlaCalendarTests
{
    private static readonly SlaCalendar Shanghai = new(new BusinessCalendar
    {
        TimeZone = "Asia/Shanghai", Start = "09:00", End = "18:00", Holidays = ["2026-11-30"],
    });

    [Fact]
    public void AddMinutes_MoreThanADayOfWork_CountsWorkingMinutesNotWorkingDays()
    {
        // 1,500 minutes = 25 h: the engine would read "1 day 1 h"; an SLA means 2 days 7 h of work.
        var due = Shanghai.AddMinutes(Utc("2026-11-24T01:00:00Z"), 1500); // Tue 09:00 local

        Assert.Equal(Utc("2026-11-26T08:00:00Z"), due); // Thu 16:00 local
    }

    [Fact]
    public void AddMinutes_FromFridayEvening_SkipsWeekendAndHoliday()
    {
        Assert.Equal(Utc("2026-12-01T01:30:00Z"), Shanghai.AddMinutes(FridayEvening, 60));
        Assert.Equal(Utc("2026-12-02T07:30:00Z"), Shanghai.AddMinutes(FridayEvening, 960));
    }

    [Fact]
    public void MinutesBetween_OverWeekendAndHoliday_CountsOnlyWorkingTime()
    {
        // Friday 17:30 to Tuesday 10:00 local: 30 min on Friday, 60 on Tuesday.
        Assert.Equal(90, Shanghai.MinutesBetween(FridayEvening, Utc("2026-12-01T02:00:00Z")));
        // A night: nothing.
        Assert.Equal(0, Shanghai.MinutesBetween(Utc("2026-12-01T10:00:00Z"), Utc("2026-12-01T23:00:00Z")));
        Assert.Equal(0, Shanghai.MinutesBetween(Utc("2026-12-02T00:00:00Z"), Utc("2026-12-01T00:00:00Z")));
    }

    [Fact]
    public void MinutesBetween_IsTheInverseOfAddMinutes()
    {
        foreach (var minutes in new[] { 1, 59, 540, 541, 1080, 4321 })
            Assert.Equal(minutes, Shanghai.MinutesBetween(FridayEvening, Shanghai.AddMinutes(FridayEvening, minutes)));
    }

    [Fact]
    public void WithoutCalendar_EveryMinuteCounts()
    {
        var roundTheClock = new SlaCalendar(null);

        Assert.Equal(FridayEvening.AddHours(16), roundTheClock.AddMinutes(FridayEvening, 960));
        Assert.Equal(2880, roundTheClock.MinutesBetween(FridayEvening, FridayEvening.AddDays(2)));
    }

    [Fact]
    public void Resume_AfterTwoWorkingDaysPaused_MovesOnlyTheDueTimesNotReachedYet()
    {
        var c = new Complaint
        {
            OpenedAt = FridayEvening, RespondedAt = Utc("2026-12-01T01:10:00Z"),
            ResponseDueAt = Utc("2026-12-01T01:30:00Z"), WarningAt = Utc("2026-12-02T03:30:00Z"), ResolutionDueAt = Utc("2026-12-02T07:30:00Z"),
        };
        SlaRules.Pause(c, Utc("2026-12-01T02:00:00Z"));
        Assert.False(SlaRules.Pause(c, Utc("2026-12-01T03:00:00Z"))); // already paused

        var minutes = SlaRules.Resume(c, Shanghai, Utc("2026-12-03T02:00:00Z"));

        Assert.Equal((1080, 1080), (minutes, c.PausedMinutes));
        Assert.Equal(Utc("2026-12-01T01:30:00Z"), c.ResponseDueAt);
        Assert.Equal(Utc("2026-12-04T03:30:00Z"), c.WarningAt);
        Assert.Equal(Utc("2026-12-04T07:30:00Z"), c.ResolutionDueAt);
        Assert.Equal("""[{"from":"2026-12-01T02:00:00+00:00","to":"2026-12-03T02:00:00+00:00"}]""", c.PausedJson);
    }
}
