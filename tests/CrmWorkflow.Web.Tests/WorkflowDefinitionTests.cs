using System.Net;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Drafts, revisions, validation, publishing, versions and who may change definitions.</summary>
public sealed class WorkflowDefinitionTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task SaveDraft_WithStaleIfMatch_Answers409AndKeepsNewerWork()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        var first = await analyst.PutJsonAsync($"/api/workflows/{id}", TestFlows.Approval(id));
        await first.ExpectAsync(HttpStatusCode.OK);
        var etag = first.Headers.ETag!.Tag;
        var second = await analyst.PutJsonAsync($"/api/workflows/{id}", TestFlows.Approval(id).Replace("Approve ", "Second "), etag);
        await second.ExpectAsync(HttpStatusCode.OK);

        var stale = await analyst.PutJsonAsync($"/api/workflows/{id}", TestFlows.Approval(id).Replace("Approve ", "Stale "), etag);

        await stale.ExpectAsync(HttpStatusCode.Conflict);
        var current = await (await analyst.GetAsync($"/api/workflows/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.StartsWith("Second ", current!["definition"]!["name"]!.GetValue<string>());
        Assert.Equal(2, current["revision"]!.GetValue<int>());
        Assert.Equal("draft", current["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Validate_InvalidDocument_ListsProblemsWithPaths()
    {
        var analyst = await App.AnalystAsync();

        var result = await (await analyst.PostJsonAsync("/api/workflows/validate", TestFlows.Broken("broken"))).ExpectAsync(HttpStatusCode.OK);

        Assert.False(result!["valid"]!.GetValue<bool>());
        var paths = result["problems"]!.AsArray().Select(p => p!["path"]!.GetValue<string>()).ToList();
        Assert.Contains(paths, p => p.StartsWith("$.connections[0]", StringComparison.Ordinal));
        var valid = await (await analyst.PostJsonAsync("/api/workflows/validate", TestFlows.Instant("fine"))).ExpectAsync(HttpStatusCode.OK);
        Assert.True(valid!["valid"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Publish_InvalidDraft_Answers400WithPathsAndStaysDraft()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        var saved = await (await analyst.PutJsonAsync($"/api/workflows/{id}", TestFlows.Broken(id))).ExpectAsync(HttpStatusCode.OK);
        Assert.NotEmpty(saved!["problems"]!.AsArray());

        var problem = await (await analyst.PostAsync($"/api/workflows/{id}/publish", null)).ExpectAsync(HttpStatusCode.BadRequest);

        var errors = problem!["errors"]!.AsObject();
        Assert.Contains(errors, e => e.Key.StartsWith("$.connections[0]", StringComparison.Ordinal));
        var versions = await (await analyst.GetAsync($"/api/workflows/{id}/versions")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("draft", Assert.Single(versions!.AsArray())!["status"]!.GetValue<string>());
        await (await analyst.PostJsonAsync($"/api/workflows/{id}/instances", "{}")).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_PublishedVersion_Answers409ButDraftCanBeDeleted()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Instant(id));

        await (await analyst.DeleteAsync($"/api/workflows/{id}")).ExpectAsync(HttpStatusCode.Conflict);

        await (await analyst.PutJsonAsync($"/api/workflows/{id}", TestFlows.Instant(id))).ExpectAsync(HttpStatusCode.OK);
        await (await analyst.DeleteAsync($"/api/workflows/{id}")).ExpectAsync(HttpStatusCode.NoContent);
        var current = await (await analyst.GetAsync($"/api/workflows/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("published", current!["status"]!.GetValue<string>());
        Assert.Equal(1, current["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Versions_AfterPublishAndNewDraft_ListsNewestFirst()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Instant(id));
        await (await analyst.PutJsonAsync($"/api/workflows/{id}", TestFlows.Approval(id))).ExpectAsync(HttpStatusCode.OK);

        var versions = (await (await analyst.GetAsync($"/api/workflows/{id}/versions")).ExpectAsync(HttpStatusCode.OK))!.AsArray();

        Assert.Equal([2, 1], versions.Select(v => v!["version"]!.GetValue<int>()));
        Assert.Equal(["draft", "published"], versions.Select(v => v!["status"]!.GetValue<string>()));
        var list = (await (await analyst.GetAsync("/api/workflows")).ExpectAsync(HttpStatusCode.OK))!.AsArray();
        var summary = Assert.Single(list, d => d!["definitionId"]!.GetValue<string>() == id)!;
        Assert.Equal(2, summary["latestVersion"]!.GetValue<int>());
        Assert.Equal(1, summary["publishedVersion"]!.GetValue<int>());
        var v1 = await (await analyst.GetAsync($"/api/workflows/{id}?version=1")).ExpectAsync(HttpStatusCode.OK);
        Assert.StartsWith("Instant", v1!["definition"]!["name"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/api/workflows/nope-404")]
    [InlineData("GET", "/api/workflows/nope-404/versions")]
    [InlineData("POST", "/api/workflows/nope-404/publish")]
    [InlineData("DELETE", "/api/workflows/nope-404")]
    [InlineData("POST", "/api/workflows/nope-404/instances")]
    public async Task Call_UnknownDefinition_Answers404(string method, string url)
    {
        var analyst = await App.AnalystAsync();

        var response = await analyst.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));

        await response.ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Get_UnknownVersionOfKnownDefinition_Answers404()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Instant(id));

        await (await analyst.GetAsync($"/api/workflows/{id}?version=7")).ExpectAsync(HttpStatusCode.NotFound);
        await (await analyst.PostAsync($"/api/workflows/{id}/publish?version=7", null)).ExpectAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ChangeDefinition_AsClientManagerOrConsultant_Answers403AndChangesNothing()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await (await analyst.PutJsonAsync($"/api/workflows/{id}", TestFlows.Instant(id))).ExpectAsync(HttpStatusCode.OK);

        foreach (var client in new[] { await App.ManagerAsync(), await App.ConsultantAsync() })
        {
            await (await client.PutJsonAsync($"/api/workflows/{id}", TestFlows.Approval(id))).ExpectAsync(HttpStatusCode.Forbidden);
            await (await client.PostAsync($"/api/workflows/{id}/publish", null)).ExpectAsync(HttpStatusCode.Forbidden);
            await (await client.DeleteAsync($"/api/workflows/{id}")).ExpectAsync(HttpStatusCode.Forbidden);
            // Reading is open to every signed-in user.
            await (await client.GetAsync($"/api/workflows/{id}")).ExpectAsync(HttpStatusCode.OK);
        }
        var current = await (await analyst.GetAsync($"/api/workflows/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("draft", current!["status"]!.GetValue<string>());
        Assert.Equal(1, current["revision"]!.GetValue<int>());
    }

    [Fact]
    public async Task SaveDraft_BodyIdDiffersFromUrl_Answers400()
    {
        var analyst = await App.AnalystAsync();

        var problem = await (await analyst.PutJsonAsync("/api/workflows/one-id", TestFlows.Instant("other-id"))).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.NotNull(problem!["errors"]!["$.definitionId"]);
        await (await analyst.GetAsync("/api/workflows/one-id")).ExpectAsync(HttpStatusCode.NotFound);
    }
}
