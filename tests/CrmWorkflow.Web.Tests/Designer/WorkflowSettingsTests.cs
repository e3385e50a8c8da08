using Bunit;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Web.Components.Designer;
using CrmWorkflow.Web.Designer;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests.Designer;

/// <summary>The workflow-level editors: each good edit replaces the definition and raises Changed; a bad one shows why and changes nothing.</summary>
public sealed class WorkflowSettingsTests : IDisposable
{
    private static readonly ActivityRegistry Registry = new ActivityRegistry().AddAssembly(typeof(CrmWorkflow.Crm.Activities.RouteLeadActivity).Assembly);
    private readonly BunitContext _context = Components.Bunit.Context();
    private readonly DesignerDocument _document;
    private int _changes;

    public WorkflowSettingsTests()
    {
        _context.Services.AddSingleton(new ExpressionEngine());
        _document = DesignerDocument.For(DefinitionJson.Parse("""
            {
              "definitionId": "settings", "name": "Lead follow-up",
              "inputs": [{ "name": "leadId", "type": "number", "required": true }],
              "variables": [{ "name": "stage", "type": "string", "default": "new" }],
              "triggers": [{ "event": "lead.created" }],
              "activities": [{ "id": "start", "type": "core.start" }]
            }
            """).Definition!, Registry);
    }

    public void Dispose() => _context.Dispose();

    private IRenderedComponent<WorkflowSettings> Render() =>
        _context.Render<WorkflowSettings>(p => p.Add(c => c.Document, _document).Add(c => c.Changed, () => _changes++));

    [Fact]
    public void Rename_ReplacesTheDefinitionAndRaisesChanged_ButAnEmptyNameIsRefusedWithAMessage()
    {
        var settings = Render();

        settings.Find("[data-test=workflow-name]").Change("Lead follow-up v2");
        Assert.Equal(("Lead follow-up v2", 1), (_document.Definition.Name, _changes));

        settings.Find("[data-test=workflow-name]").Change("  ");
        Assert.Contains("needs a name", settings.Find("[data-test=workflow-name-error]").TextContent);
        Assert.Equal(("Lead follow-up v2", 1), (_document.Definition.Name, _changes));
    }

    [Fact]
    public void AddInput_ThenSetDefault_BadJsonShowsWhereAndKeepsTheDefinition_GoodJsonIsApplied()
    {
        var settings = Render();

        settings.Find("[data-test=add-input]").Click();
        Assert.Equal(["leadId", "input1"], _document.Definition.Inputs.Select(i => i.Name));
        var row = settings.FindAll("[data-test=input-row]")[1];
        row.QuerySelector("[data-test=var-default]")!.Change("hello");
        Assert.Contains("Text needs quotes", settings.Find("[data-test=var-default-error]").TextContent);
        Assert.Null(_document.Definition.Inputs[1].Default);

        settings.FindAll("[data-test=input-row]")[1].QuerySelector("[data-test=var-default]")!.Change("\"hello\"");
        Assert.Equal("hello", _document.Definition.Inputs[1].Default!.GetValue<string>());
        Assert.Empty(settings.FindAll("[data-test=var-default-error]"));
        Assert.Equal(2, _changes);
    }

    [Fact]
    public void RenameVariable_ToATakenOrBadName_IsRefused_AndRemoveDropsIt()
    {
        var settings = Render();
        settings.Find("[data-test=add-variable]").Click();

        settings.FindAll("[data-test=variable-row]")[1].QuerySelector("[data-test=var-name]")!.Change("stage");
        Assert.Contains("Another variable is called 'stage'", settings.Find("[data-test=var-name-error]").TextContent);
        settings.FindAll("[data-test=variable-row]")[1].QuerySelector("[data-test=var-name]")!.Change("2nd");
        Assert.Contains("Start with a letter", settings.Find("[data-test=var-name-error]").TextContent);
        Assert.Equal(["stage", "variable1"], _document.Definition.Variables.Select(v => v.Name));

        settings.FindAll("[data-test=variable-row]")[0].QuerySelector("[data-test=var-remove]")!.Click();
        Assert.Equal(["variable1"], _document.Definition.Variables.Select(v => v.Name));
    }

    [Fact]
    public void TriggerCondition_ThatDoesNotParse_IsKeptWithItsError_AndAValidOneClearsIt()
    {
        var settings = Render();

        settings.Find("[data-test=trigger-condition]").Change("event.score >=");
        Assert.Equal("event.score >=", _document.Definition.Triggers[0].Condition);
        Assert.Contains("Does not parse", settings.Find("[data-test=trigger-condition-error]").TextContent);

        settings.Find("[data-test=trigger-condition]").Change("event.score >= 70");
        Assert.Empty(settings.FindAll("[data-test=trigger-condition-error]"));
        settings.Find("[data-test=trigger-event]").Change("");
        Assert.Contains("Name the event", settings.Find("[data-test=trigger-event-error]").TextContent);
        Assert.Equal(new TriggerDefinition { Event = "lead.created", Condition = "event.score >= 70" }, _document.Definition.Triggers[0]);
    }

    [Fact]
    public void RequiredCheckbox_AndDescription_UpdateTheInput()
    {
        var settings = Render();

        settings.Find("[data-test=var-required] .rz-chkbox-box").Click();
        settings.Find("[data-test=input-row] [data-test=var-description]").Change("The lead to follow up");

        Assert.Equal((false, "The lead to follow up"), (_document.Definition.Inputs[0].Required, _document.Definition.Inputs[0].Description));
        Assert.Equal(2, _changes);
    }
}
