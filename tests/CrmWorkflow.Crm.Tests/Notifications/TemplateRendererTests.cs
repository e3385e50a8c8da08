using CrmWorkflow.Crm.Features.Notifications;
using CrmWorkflow.Engine.Expressions;
using Microsoft.Extensions.Options;

namespace CrmWorkflow.Crm.Tests.Notifications;

public sealed class TemplateRendererTests
{
    private static readonly DateTimeOffset Due = new(2026, 11, 27, 14, 30, 0, TimeSpan.Zero);

    private static TemplateRenderer Renderer(string? folder = null, TimeProvider? clock = null) =>
        new(new ExpressionEngine(new ExpressionOptions { Timeout = TimeSpan.FromMilliseconds(500) }),
            Options.Create(new TemplateOptions { Folder = folder ?? Path.Combine(AppContext.BaseDirectory, "templates") }), clock ?? TimeProvider.System);

    [Fact]
    public void Names_ShippedTemplates_AreAllThere() =>
        Assert.Equal(["account-assigned", "complaint-acknowledgement", "complaint-escalation", "first-contact-overdue", "lead-assigned", "lead-unassigned", "manager-handover",
            "rollout-status-report", "satisfaction-survey", "sla-warning"], Renderer().Names());

    [Fact]
    public void Render_LeadAssigned_FillsSubjectAndDetails()
    {
        var result = Renderer().Render("lead-assigned", new
        {
            manager = new { name = "Max Manager" },
            lead = new { id = 7, personName = "王伟", companyName = "上海华信有限公司", region = "East China", industry = "Retail", productInterest = "CRM Pro", estimatedValue = 12500m, score = 82 },
            dueAt = Due,
            explanation = "Least loaded in East China",
        });

        Assert.Equal("New lead: 王伟 (上海华信有限公司)", result.Subject);
        Assert.Contains("Hello Max Manager,", result.Body);
        Assert.Contains("12,500", result.Body);
        Assert.Contains("by 2026-11-27 14:30 (UTC)", result.Body);
        Assert.Contains("Why you: Least loaded in East China", result.Body);
    }

    [Fact]
    public void Render_RolloutStatusReport_ShowsProgressOpenItemsAndKpisEscaped()
    {
        var result = Renderer().Render("rollout-status-report", new
        {
            project = new { name = "Head-office <CRM>", organisation = "Northwind", currentPhase = 1, currentStage = 4, budget = 480000m, tcoTarget = 650000m, tcoActual = 480000m, roiTarget = 0.25m, roiActual = 0.1m },
            phases = new[] { new { number = 1, name = "Identify customers", status = "InProgress" } },
            stages = new[] { new { number = 4, name = "System testing and re-work", status = "InProgress" } },
            openItems = new[] { new { number = 9, text = "Parameter configuration, debugging, go-live preparation", stage = 4 }, new { number = 10, text = "Go-live", stage = 6 } },
            kpis = new[] { new { name = "Weekly active users", unit = "%", target = 80m, actual = (decimal?)64m } },
            reportDate = Due,
        });

        Assert.Equal("Rollout status: Head-office <CRM>", result.Subject);
        Assert.Contains("<h1>Head-office &lt;CRM&gt;</h1>", result.Body);
        Assert.Contains("Open checklist items (2)", result.Body);
        Assert.Contains("<td>80 %</td><td>64 %</td>", result.Body);
        Assert.Contains("ROI 10 % against a target of 25 %", result.Body);
    }

    [Fact]
    public void Render_BrokenTemplate_NamesTemplateLineAndColumn()
    {
        var folder = Directory.CreateTempSubdirectory("crmwf-tpl-").FullName;
        File.WriteAllText(Path.Combine(folder, "broken.scriban"), "Hello\n{{ if x }} unclosed");

        var ex = Assert.Throws<TemplateException>(() => Renderer(folder).Render("broken", new { }));

        Assert.Equal("broken", ex.Template);
        Assert.NotNull(ex.Line);
        Assert.StartsWith("Template 'broken', line", ex.Message);
    }

    [Fact]
    public void Render_TemplateFailingAtRunTime_NamesTemplateLineAndColumn()
    {
        var folder = Directory.CreateTempSubdirectory("crmwf-tpl-").FullName;
        File.WriteAllText(Path.Combine(folder, "typo.scriban"), "Hello\n  {{ costumer.name }}");

        var ex = Assert.Throws<TemplateException>(() => Renderer(folder).Render("typo", new { customer = new { name = "Ada" } }));

        Assert.Equal(2, ex.Line);
        Assert.Contains("costumer", ex.Message);
    }

    [Fact]
    public void Render_EndlessLoop_IsStoppedBySandbox()
    {
        var folder = Directory.CreateTempSubdirectory("crmwf-tpl-").FullName;
        File.WriteAllText(Path.Combine(folder, "spin.scriban"), "{{ while true }}x{{ end }}");

        var ex = Assert.Throws<TemplateException>(() => Renderer(folder).Render("spin", null));

        Assert.Contains("limit", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Render_UnknownOrUnsafeName_IsAClearError()
    {
        Assert.Contains("No template file nope.scriban", Assert.Throws<TemplateException>(() => Renderer().Render("nope", null)).Message);
        Assert.Throws<TemplateException>(() => Renderer().Render("../appsettings", null));
    }

    [Fact]
    public void Render_TemplateEditedWhileInUse_IsPickedUpWithinASecond()
    {
        var folder = Directory.CreateTempSubdirectory("crmwf-templates-").FullName;
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider();
        var renderer = Renderer(folder, clock);
        var file = Path.Combine(folder, "note.scriban");
        File.WriteAllText(file, "Hello {{ name }}");
        Assert.Equal("Hello Ann", renderer.Render("note", new { name = "Ann" }).Body);

        File.WriteAllText(file, "Goodbye {{ name }}");
        File.SetLastWriteTimeUtc(file, File.GetLastWriteTimeUtc(file).AddSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal("Goodbye Ann", renderer.Render("note", new { name = "Ann" }).Body);
        Directory.Delete(folder, recursive: true);
    }
}
