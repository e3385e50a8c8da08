using Bunit;
using CrmWorkflow.Crm.Features.Tasks;
using CrmWorkflow.Engine.Activities;
using CrmWorkflow.Engine.Expressions;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Web.Components.Designer;
using CrmWorkflow.Web.Designer;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests.Designer;

/// <summary>The human task's assignee, role and queue pickers, fed from the test host's CRM data.</summary>
public sealed class AssignmentChoicesTests(WebAppFixture app) : ApiTest(app)
{
    private const string Flow = """
        {
          "definitionId": "picker-flow", "name": "Pickers",
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "call", "type": "core.humanTask", "inputs": { "title": "Call", "queue": "designer-queue" } }
          ],
          "connections": [{ "from": "start", "to": "call" }]
        }
        """;

    [Fact]
    public async Task Choices_ListRolesAndTheQueuesInUse_ByUsersAndWorkflows()
    {
        await App.CreateUserAsync("ClientManager", queues: "north, complaints-vip");
        await App.Services.GetRequiredService<WorkflowDefinitionStore>().SaveDraftAsync(DefinitionJson.Parse(Flow).Definition!);

        var choices = await App.Services.GetRequiredService<AssignmentChoicesHandler>().GetAsync();

        Assert.Equal(["Admin", "Analyst", "ClientManager", "Consultant"], choices.Roles);
        Assert.Superset(new HashSet<string> { "north", "complaints-vip", "designer-queue" }, choices.Queues.ToHashSet());
    }

    [Fact]
    public async Task HumanTask_AssigneeRoleAndQueue_ArePickers()
    {
        await using var context = Components.Bunit.Context(App.Services, typeof(AssignmentChoicesHandler), typeof(ActivityRegistry), typeof(ExpressionEngine), typeof(TimeProvider));
        var document = DesignerDocument.For(DefinitionJson.Parse(Flow).Definition!, App.Services.GetRequiredService<ActivityRegistry>());

        var panel = context.Render<PropertyPanel>(p => p.Add(c => c.Document, document).Add(c => c.NodeId, "call"));

        panel.WaitForAssertion(() => Assert.NotNull(panel.Find("[data-test=input-role] [data-test=picker]")));
        Assert.NotNull(panel.Find("[data-test=input-assignee] [data-test=picker]"));
        Assert.Equal("designer-queue", panel.Find("[data-test=input-queue] input").GetAttribute("value"));
        Assert.Contains("ClientManager", panel.Find("[data-test=input-role]").TextContent);
    }
}
