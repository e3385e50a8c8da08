using Bunit;
using CrmWorkflow.Web.Components.Pages.Complaints;
using CrmWorkflow.Web.Components.Pages.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CrmWorkflow.Web.Tests.Components;

/// <summary>SLA countdown badges as users see them: green with time to spare, amber when close, red when late.</summary>
public sealed class BadgeTests
{
    private static readonly DateTimeOffset Created = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("onTrack", "rz-badge-success", "on track")]
    [InlineData("warning", "rz-badge-warning", "warning")]
    [InlineData("breached", "rz-badge-danger", "breached")]
    [InlineData("paused", "rz-badge-secondary", "paused")]
    public void SlaBadge_ByComplaintSlaState_ShowsItsColourAndWords(string state, string colour, string text)
    {
        using var context = Bunit.Context();

        var badge = context.Render<SlaBadge>(p => p.Add(b => b.State, state)).Find("[data-test=sla-state]");

        Assert.Contains(colour, badge.ClassList);
        Assert.Equal(text, badge.TextContent.Trim());
    }

    [Fact]
    public void DueBadge_AsTheClockRuns_TurnsFromGreenToAmberToRed()
    {
        using var context = Bunit.Context();
        var clock = new FakeTimeProvider(Created);
        context.Services.AddSingleton<TimeProvider>(clock);
        var badge = context.Render<DueBadge>(p => p.Add(b => b.Created, Created).Add(b => b.Due, Created.AddHours(8)));
        var seen = new List<(string Colour, string Text)>();

        foreach (var hours in new[] { 1, 5, 3 }) // 7 h left, 2 h left (the last quarter), 1 h late
        {
            clock.Advance(TimeSpan.FromHours(hours));
            badge.Render();
            var element = badge.Find("[data-test=due]");
            seen.Add((element.ClassList.First(c => c.StartsWith("rz-badge-") && c != "rz-badge-pill"), element.TextContent.Trim()));
        }

        Assert.Equal([("rz-badge-success", "7h 0m left"), ("rz-badge-warning", "2h 0m left"), ("rz-badge-danger", "1h 0m late")], seen);
    }

    [Fact]
    public void DueBadge_WithoutDueTime_ShowsNothing()
    {
        using var context = Bunit.Context();
        context.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Created));

        var badge = context.Render<DueBadge>(p => p.Add(b => b.Created, Created).Add(b => b.Due, null));

        Assert.Empty(badge.FindAll("[data-test=due]"));
    }

    [Fact]
    public void SlaCountdown_OpenOnThePage_RefreshesItselfFromGreenToAmberToRed()
    {
        using var context = Bunit.Context();
        var clock = new FakeTimeProvider(Created);
        context.Services.AddSingleton<TimeProvider>(clock);
        // Resolve within 8 hours; the warning comes at 6.
        var sla = new CrmWorkflow.Crm.Features.Complaints.SlaView("onTrack", 1, Created, Created.AddHours(1), null, Created.AddHours(6), null,
            Created.AddHours(8), null, null, 0, []);
        var countdown = context.Render<SlaCountdown>(p => p.Add(c => c.Sla, sla));
        var seen = new List<(string Colour, string Text)>();

        foreach (var minutes in new[] { 60, 330, 120 }) // 7 h left, 1 h 30 m left (past the warning), 30 m late
        {
            clock.Advance(TimeSpan.FromMinutes(minutes)); // no Render(): the component's own timer redraws it
            countdown.WaitForAssertion(() => Assert.NotEqual(seen.LastOrDefault().Text, countdown.Find("[data-test=countdown]").TextContent.Trim()));
            var element = countdown.Find("[data-test=countdown]");
            seen.Add((element.ClassList.First(c => c.StartsWith("rz-badge-") && c != "rz-badge-pill"), element.TextContent.Trim()));
        }

        Assert.Equal([("rz-badge-success", "7h 0m left"), ("rz-badge-warning", "1h 30m left"), ("rz-badge-danger", "30m late")], seen);
    }

    [Theory]
    [InlineData("paused", "paused")]
    [InlineData("met", "met")]
    [InlineData("none", "no SLA")]
    public void SlaCountdown_WhenTheClockIsNotRunning_SaysWhy(string state, string text)
    {
        using var context = Bunit.Context();
        context.Services.AddSingleton<TimeProvider>(new FakeTimeProvider(Created));
        var sla = new CrmWorkflow.Crm.Features.Complaints.SlaView(state, 1, Created, null, null, null, null, Created.AddHours(8), null, null, 0, []);

        Assert.Equal(text, context.Render<SlaCountdown>(p => p.Add(c => c.Sla, sla)).Find("[data-test=countdown]").TextContent.Trim());
    }
}
