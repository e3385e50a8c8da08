using Bunit;
using CrmWorkflow.Web.Components.Pages.Workflows;
using CrmWorkflow.Web.Designer;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Forms;
using Bunit.TestDoubles;

namespace CrmWorkflow.Web.Tests.Components;

/// <summary>The import dialog reads a file and says what saving it will do before anything is saved.</summary>
public sealed class ImportPanelTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public void ChooseFile_WithBadJson_ShowsThePathAndLine_AndSaveStaysDisabled()
    {
        using var context = Bunit.Context(App.Services, typeof(DefinitionImport));
        context.AddAuthorization().SetAuthorized("analyst@demo.local");
        var dialog = context.Render<ImportPanel>();

        dialog.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText("{ \"definitionId\": \"x\", \"name\": nope }", "broken.json"));

        dialog.WaitForAssertion(() => Assert.Contains("line 1", dialog.Find("[data-test=import-file-problems]").TextContent));
        Assert.True(dialog.Find("[data-test=import-save]").HasAttribute("disabled"));
    }

    [Fact]
    public void ChooseFile_ForANewWorkflow_SaysItBecomesDraftV1()
    {
        using var context = Bunit.Context(App.Services, typeof(DefinitionImport));
        context.AddAuthorization().SetAuthorized("analyst@demo.local");
        var dialog = context.Render<ImportPanel>();
        var id = TestFlows.NewId();

        dialog.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromText(TestFlows.Instant(id), "instant.json"));

        dialog.WaitForAssertion(() => Assert.Contains($"A new workflow '{id}': saved as draft v1.", dialog.Find("[data-test=import-summary]").TextContent));
        Assert.False(dialog.Find("[data-test=import-save]").HasAttribute("disabled"));
    }
}
