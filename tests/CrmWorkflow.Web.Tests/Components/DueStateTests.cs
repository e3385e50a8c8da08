using CrmWorkflow.Web.Components.Pages.Tasks;

namespace CrmWorkflow.Web.Tests.Components;

/// <summary>The inbox's SLA colouring: green with time to spare, amber in the last quarter (or hour), red when late.</summary>
public sealed class DueStateTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, "OnTrack")]     // 8 h left of 8
    [InlineData(5, "OnTrack")]     // 3 h left
    [InlineData(6, "Soon")]        // 2 h left: the last quarter
    [InlineData(8, "Late")]        // due now
    [InlineData(9, "Late")]
    public void For_EightHourTask_ColoursByTimeLeft(int hoursLater, string expected) =>
        Assert.Equal(Enum.Parse<DueState>(expected), DueStates.For(Created.AddHours(hoursLater), Created, Created.AddHours(8)));

    [Fact]
    public void For_ShortTask_AmberInTheLastHour_AndNoDueTimeIsNone()
    {
        Assert.Equal(DueState.Soon, DueStates.For(Created.AddMinutes(90), Created, Created.AddHours(2)));
        Assert.Equal(DueState.OnTrack, DueStates.For(Created.AddMinutes(50), Created, Created.AddHours(2)));
        Assert.Equal(DueState.None, DueStates.For(Created, Created, null));
    }

    [Fact]
    public void Describe_SaysHowLongLeftOrLate() =>
        Assert.Equal(["3h 20m left", "45m late", "2d 1h left"],
            new[] { Created.AddHours(3).AddMinutes(20), Created.AddMinutes(-45), Created.AddDays(2).AddHours(1) }.Select(d => DueStates.Describe(Created, d)));
}
