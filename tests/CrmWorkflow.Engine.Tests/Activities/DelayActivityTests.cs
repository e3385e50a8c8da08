using CrmWorkflow.Engine.Runtime;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Activities;

// The test clock starts on Monday 2026-11-23 08:00 UTC, which is 09:00 in Berlin (CET, UTC+1).
public class DelayActivityTests
{
    private readonly TestEngine _engine = new();

    private CompiledWorkflow Delay(string inputs) => _engine.Compile(Flow.Of($$"""
        { "id": "start", "type": "core.start" },
        { "id": "pause", "type": "core.delay", "inputs": { {{inputs}} } },
        { "id": "after", "type": "core.log", "inputs": { "message": "woke up" } }
        """, """{ "from": "start", "to": "pause" }, { "from": "pause", "to": "after" }"""));

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Delay_Duration_WaitsOnTimerUntilClockAdvancedAndResumed()
    {
        var flow = Delay("\"duration\": \"PT4H\"");

        var (state, effects) = await _engine.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Suspended, state.Status);
        var timer = Assert.Single(state.Bookmarks);
        Assert.Equal(BookmarkKind.Timer, timer.Kind);
        Assert.Equal(Utc("2026-11-23T12:00:00Z"), timer.DueAt);
        Assert.DoesNotContain(effects.Journal, j => j.ActivityId == "after");

        _engine.Clock.Advance(TimeSpan.FromHours(4));
        var resumed = await _engine.ResumeAsync(flow, state, timer);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Equal(["pause", "after"], resumed.Journal.Select(j => j.ActivityId));
    }

    [Fact]
    public async Task Delay_Until_WaitsUntilGivenInstant()
    {
        var flow = Delay("\"until\": \"2026-12-01T09:30:00+01:00\"");

        var (state, _) = await _engine.StartAsync(flow);

        Assert.Equal(Utc("2026-12-01T08:30:00Z"), Assert.Single(state.Bookmarks).DueAt);
        Assert.Equal(Utc("2026-12-01T08:30:00Z"), state.Outputs["pause"]!["dueAt"]!.GetValue<DateTimeOffset>());
    }

    [Fact]
    public async Task Delay_UntilExpressionInPast_ContinuesWithoutWaiting()
    {
        var flow = Delay("\"until\": { \"expr\": \"now | date.add_days (-1)\" }");

        var (state, effects) = await _engine.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Finished, state.Status);
        Assert.Empty(state.Bookmarks);
        Assert.Equal("after", effects.Journal[^1].ActivityId);
    }

    [Fact]
    public void Validate_NeitherDurationNorUntil_ReportsItAtTheDurationInput()
    {
        var problems = _engine.Problems(Flow.Of("""
            { "id": "start", "type": "core.start" },
            { "id": "pause", "type": "core.delay" }
            """, """{ "from": "start", "to": "pause" }"""));

        var problem = Assert.Single(problems);
        Assert.Equal("$.activities[1].inputs.duration", problem.Path);
        Assert.Contains("needs a duration", problem.Message);
    }

    private const string Berlin = """{ "timeZone": "Europe/Berlin", "start": "09:00", "end": "17:00" """;

    [Theory]
    // Monday 09:00 Berlin + 4 working hours = 13:00 Berlin.
    [InlineData("2026-11-23T08:00:00Z", "PT4H", "", "2026-11-23T12:00:00Z")]
    // 8 hours on Monday, 2 more on Tuesday morning.
    [InlineData("2026-11-23T08:00:00Z", "PT10H", "", "2026-11-24T10:00:00Z")]
    // Tuesday is a holiday, so the remaining 2 hours run on Wednesday.
    [InlineData("2026-11-23T08:00:00Z", "PT10H", "\"2026-11-24\"", "2026-11-25T10:00:00Z")]
    // A whole day lands at the same time on the next working day.
    [InlineData("2026-11-23T08:00:00Z", "P1D", "", "2026-11-24T08:00:00Z")]
    // Five working days from Monday skip the weekend and a Friday holiday.
    [InlineData("2026-11-23T08:00:00Z", "P5D", "\"2026-11-27\"", "2026-12-01T08:00:00Z")]
    // Friday 18:00 Berlin is after hours: the hour is worked on Monday from 09:00.
    [InlineData("2026-11-27T17:00:00Z", "PT1H", "", "2026-11-30T09:00:00Z")]
    // Saturday: nothing counts until Monday morning.
    [InlineData("2026-11-28T10:00:00Z", "PT30M", "", "2026-11-30T08:30:00Z")]
    // Before opening time on a working day the clock starts at 09:00.
    [InlineData("2026-11-24T05:00:00Z", "PT1H", "", "2026-11-24T09:00:00Z")]
    public async Task Delay_BusinessCalendar_CountsOnlyWorkingTime(string now, string duration, string holidays, string due)
    {
        _engine.Clock.SetUtcNow(Utc(now));
        var flow = Delay($$"""
            "duration": "{{duration}}", "calendar": {{Berlin}}, "holidays": [{{holidays}}] }
            """);

        var (state, _) = await _engine.StartAsync(flow);

        Assert.Equal(Utc(due), Assert.Single(state.Bookmarks).DueAt);
    }

    [Fact]
    public async Task Delay_CalendarInOtherTimeZone_UsesThatZonesWorkingHours()
    {
        // 08:00 UTC is 17:00 in Tokyo: the working day is over, so the hour runs Tuesday 09:00-10:00 Tokyo.
        var flow = Delay("""
            "duration": "PT1H", "calendar": { "timeZone": "Asia/Tokyo", "start": "09:00", "end": "17:00" }
            """);

        var (state, _) = await _engine.StartAsync(flow);

        Assert.Equal(Utc("2026-11-24T01:00:00Z"), Assert.Single(state.Bookmarks).DueAt);
    }

    [Fact]
    public async Task Delay_UntilWeekendWithCalendar_MovesToNextWorkingMoment()
    {
        var flow = Delay($$"""
            "until": "2026-11-28T12:00:00Z", "calendar": {{Berlin}}, "holidays": ["2026-11-30"] }
            """);

        var (state, _) = await _engine.StartAsync(flow);

        Assert.Equal(Utc("2026-12-01T08:00:00Z"), Assert.Single(state.Bookmarks).DueAt);
    }

    [Fact]
    public void Validate_CalendarWithUnknownTimeZone_ReportsTheZone()
    {
        var problems = _engine.Problems(Flow.Of("""
            { "id": "start", "type": "core.start" },
            { "id": "pause", "type": "core.delay", "inputs": { "duration": "PT1H", "calendar": { "timeZone": "Mars/Olympus" } } }
            """, """{ "from": "start", "to": "pause" }"""));

        var problem = Assert.Single(problems);
        Assert.Equal("$.activities[1].inputs.calendar", problem.Path);
        Assert.Contains("Mars/Olympus", problem.Message);
    }

    [Fact]
    public async Task Delay_CalendarFromExpressionWithUnknownTimeZone_FaultsNamingTheZone()
    {
        var flow = Delay("""
            "duration": "PT1H", "calendar": { "expr": "{ timeZone: 'Mars/Olympus' }" }
            """);

        var (state, _) = await _engine.StartAsync(flow);

        Assert.Equal(WorkflowStatus.Faulted, state.Status);
        Assert.Contains("Mars/Olympus", state.Incident!.Message);
    }
}
