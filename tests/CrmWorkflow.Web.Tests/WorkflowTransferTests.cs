using System.Net;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Exporting a version as a file and importing a file as a draft (never published).</summary>
public sealed class WorkflowTransferTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Export_PublishedVersion_DownloadsTheDefinitionAsAFile()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Approval(id));

        var response = await analyst.GetAsync($"/api/workflows/{id}/versions/1/export");

        var body = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal($"{id}-v1.json", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        Assert.Equal(id, body!["definitionId"]!.GetValue<string>());
        Assert.Equal("approve", body["activities"]![2]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Export_WithoutSignIn_MissingVersion_OrNotADesigner_Answers401_404_403()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Approval(id));

        await (await App.CreateClient().GetAsync($"/api/workflows/{id}/versions/1/export")).ExpectAsync(HttpStatusCode.Unauthorized);
        await (await analyst.GetAsync($"/api/workflows/{id}/versions/9/export")).ExpectAsync(HttpStatusCode.NotFound);
        await (await analyst.GetAsync($"/api/workflows/nope/versions/1/export")).ExpectAsync(HttpStatusCode.NotFound);
        await (await analyst.GetAsync($"/api/workflows/{id}/versions/one/export")).ExpectAsync(HttpStatusCode.NotFound);
        var manager = await App.ManagerAsync();
        await (await manager.GetAsync($"/api/workflows/{id}/versions/1/export")).ExpectAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Import_ExportedFileChanged_SavesANewDraftAndLeavesThePublishedVersionLive()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Approval(id));
        var file = await (await analyst.GetAsync($"/api/workflows/{id}/versions/1/export")).Content.ReadAsStringAsync();

        var imported = await (await analyst.PostJsonAsync("/api/workflows/import", file.Replace("approving", "checking"))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal((2, "draft", "NewDraft"), (imported!["version"]!.GetValue<int>(), imported["status"]!.GetValue<string>(), imported["outcome"]!.GetValue<string>()));
        var versions = await (await analyst.GetAsync($"/api/workflows/{id}/versions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["draft", "published"], versions!.AsArray().Select(v => v!["status"]!.GetValue<string>()));
        var draft = await (await analyst.GetAsync($"/api/workflows/{id}?version=2")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("checking", draft!["definition"]!["activities"]![1]!["inputs"]!["value"]!.GetValue<string>());
        // New instances still start on v1 until someone publishes.
        var started = await analyst.StartAsync(id);
        Assert.Equal("approving", started["variables"]!["stage"]!.GetValue<string>());
    }

    [Fact]
    public async Task Import_InvalidDefinition_IsSavedAsDraftWithProblems_AndCannotBePublished()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();

        var imported = await (await analyst.PostJsonAsync("/api/workflows/import", TestFlows.Broken(id))).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal("NewDefinition", imported!["outcome"]!.GetValue<string>());
        Assert.NotEmpty(imported["problems"]!.AsArray());
        await (await analyst.PostAsync($"/api/workflows/{id}/publish", null)).ExpectAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Import_BadJson_Answers400WithPathAndLine_AndSavesNothing()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        var broken = TestFlows.Approval(id).Replace("\"type\": \"core.end\"", "\"type\": core.end");

        var problem = await (await analyst.PostJsonAsync("/api/workflows/import", broken)).ExpectAsync(HttpStatusCode.BadRequest);

        var (path, messages) = Assert.Single(problem!["errors"]!.AsObject());
        Assert.StartsWith("$.activities[3]", path);
        Assert.Contains("line 11", messages![0]!.GetValue<string>());
        await (await analyst.GetAsync($"/api/workflows/{id}")).ExpectAsync(HttpStatusCode.NotFound);
        var noId = await (await analyst.PostJsonAsync("/api/workflows/import", TestFlows.Instant("Not An Id"))).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.True(noId!["errors"]!.AsObject().ContainsKey("$.definitionId"));
        var manager = await App.ManagerAsync();
        await (await manager.PostJsonAsync("/api/workflows/import", TestFlows.Instant(id))).ExpectAsync(HttpStatusCode.Forbidden);
    }
}
