using CrmWorkflow.Crm.Features.Notifications;
using CrmWorkflow.Engine.Expressions;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Crm.Tests.Complaints;

public sealed class ComplaintTemplatesTests
{
    private static readonly TemplateRenderer Renderer = new(new ExpressionEngine(new ExpressionOptions()),
        Options.Create(new TemplateOptions { Folder = Path.Combine(AppContext.BaseDirectory, "templates") }), TimeProvider.System);

    private static readonly DateTimeOffset Opened = new(2026, 11, 27, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void Acknowledgement_WithLocalDueTimes_QuotesThem()
    {
        var result = Renderer.Render("complaint-acknowledgement", new
        {
            contact = new { name = "Li Wei" },
            complaint = new { id = 42, category = "Delivery", openedAt = Opened, responseDueText = "2026-12-01 09:30 (Asia/Shanghai)", resolutionDueText = "2026-12-02 15:30 (Asia/Shanghai)" },
            responseDueAt = Opened.AddDays(4), resolutionDueAt = Opened.AddDays(5),
        });

        Assert.Equal("We have received your complaint (case 42)", result.Subject);
        Assert.Contains("respond by 2026-12-01 09:30 (Asia/Shanghai) and we aim to resolve it by 2026-12-02 15:30 (Asia/Shanghai).", result.Body);
    }

    [Fact]
    public void Acknowledgement_WithoutLocalTexts_FallsBackToTheDueTimes()
    {
        var result = Renderer.Render("complaint-acknowledgement", new
        {
            contact = new { name = "Li Wei" },
            complaint = new { id = 42, category = "Delivery", openedAt = Opened },
            responseDueAt = Opened.AddHours(1), resolutionDueAt = Opened.AddHours(16),
        });

        Assert.Contains("respond by 2026-11-27 10:30 and we aim to resolve it by 2026-11-28 01:30.", result.Body);
    }
}
