using Bunit;
using CrmWorkflow.Crm.Features.Tasks;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Persistence.Entities;
using CrmWorkflow.Web.Components.Pages.Tasks;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests.Components;

/// <summary>The task completion form on a real task in the test host's database.</summary>
public sealed class TaskDialogTests(WebAppFixture app) : ApiTest(app)
{
    private static readonly TaskViewer Manager = new("u-manager", ["manager@demo.local", "cm-demo"], ["ClientManager"], ["complaints"]);

    private async Task<HumanTaskRecord> OpenTaskAsync()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Approval(id));
        var taskId = await analyst.StartTaskAsync(id);
        return (await Queries.GetTaskAsync(taskId, Manager))!;
    }

    private WorkflowQueries Queries => App.Services.GetRequiredService<WorkflowQueries>();

    [Fact]
    public async Task Outcome_WithoutRequiredField_ShowsTheMessageAndLeavesTheTaskOpen()
    {
        var task = await OpenTaskAsync();
        await using var context = Bunit.Context(App.Services, typeof(CompleteTaskHandler));
        var dialog = context.Render<TaskDialog>(p => p.Add(d => d.Task, task).Add(d => d.Viewer, Manager).Add(d => d.UserName, "manager@demo.local"));

        Assert.Equal(["Approved", "Rejected", "Cancel"], dialog.FindAll("button").Select(b => b.TextContent.Trim()));
        Assert.Contains("notes *", dialog.Markup); // the form has no label for it: its name, marked required
        dialog.Find("[data-test=outcome-approved]").Click();

        Assert.Equal("'notes' is required.", dialog.Find("[data-test=field-error]").TextContent.Trim());
        Assert.Equal(HumanTaskStatus.Open, (await Queries.GetTaskAsync(task.Id, Manager))!.Status);
    }

    [Fact]
    public async Task Outcome_WithFieldsFilled_CompletesTheTaskWithThatOutcome()
    {
        var task = await OpenTaskAsync();
        await using var context = Bunit.Context(App.Services, typeof(CompleteTaskHandler));
        var dialog = context.Render<TaskDialog>(p => p.Add(d => d.Task, task).Add(d => d.Viewer, Manager).Add(d => d.UserName, "manager@demo.local"));

        dialog.Find("[data-test=field-notes]").Change("Called them, all fine.");
        dialog.Find("[data-test=outcome-rejected]").Click();

        var stored = await Eventually(async () => await Queries.GetTaskAsync(task.Id, Manager) is { Status: HumanTaskStatus.Completed } t ? t : null);
        Assert.Equal(("rejected", "manager@demo.local"), (stored.Outcome, stored.CompletedBy));
        Assert.Contains("Called them", stored.DataJson);
        Assert.Empty(dialog.FindAll("[data-test=field-error]"));
    }

    private static async Task<T> Eventually<T>(Func<Task<T?>> probe) where T : class
    {
        for (var i = 0; i < 100; i++)
        {
            if (await probe() is { } value) return value;
            await Task.Delay(50);
        }
        throw new TimeoutException("The task was not completed.");
    }
}
