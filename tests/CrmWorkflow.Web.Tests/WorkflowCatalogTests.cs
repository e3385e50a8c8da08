using System.Net;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests;

/// <summary>What the workflows pages show, from the same store and queries the API uses: validation per version and instances at work.</summary>
public sealed class WorkflowCatalogTests(WebAppFixture app) : ApiTest(app)
{
    private WorkflowDefinitionStore Store => App.Services.GetRequiredService<WorkflowDefinitionStore>();

    [Fact]
    public async Task GetVersion_BrokenDraft_IsInvalidWithTheConnectionPath_AndTheApiSaysTheSame()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await (await analyst.PutJsonAsync($"/api/workflows/{id}", TestFlows.Broken(id))).ExpectAsync(HttpStatusCode.OK);

        var version = await Store.GetVersionAsync(id);
        var api = await (await analyst.GetAsync($"/api/workflows/{id}")).ExpectAsync(HttpStatusCode.OK);

        Assert.NotNull(version);
        Assert.False(version.IsValid);
        Assert.Contains(version.Problems, p => p.Path.StartsWith("$.connections[0]", StringComparison.Ordinal));
        Assert.Equal(version.Problems.Count, api!["problems"]!.AsArray().Count);
        Assert.Null(await Store.GetVersionAsync(id, 7));
    }

    [Fact]
    public async Task GetVersion_PublishedShippedFlow_IsValid()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        var published = await analyst.PublishAsync(id, TestFlows.Approval(id));

        var version = await Store.GetVersionAsync(id, published);

        Assert.True(version!.IsValid);
        Assert.True(version.Record.IsLatestPublished);
    }

    [Fact]
    public async Task CountActive_WaitingAndFinishedInstances_CountsOnlyTheWaitingPerVersion()
    {
        var analyst = await App.AnalystAsync();
        var waiting = TestFlows.NewId("wait");
        var instant = TestFlows.NewId("done");
        var v1 = await analyst.PublishAsync(waiting, TestFlows.Approval(waiting));
        await analyst.StartAsync(waiting);
        await analyst.StartAsync(waiting);
        await analyst.PublishAsync(instant, TestFlows.Instant(instant));
        await analyst.StartAsync(instant, new { });

        var all = await App.Services.GetRequiredService<WorkflowQueries>().CountActiveAsync();
        var one = await App.Services.GetRequiredService<WorkflowQueries>().CountActiveAsync(waiting);

        Assert.Equal(2, all[(waiting, v1)]);
        Assert.False(all.ContainsKey((instant, 1)));
        Assert.Equal([(waiting, v1)], one.Keys);
    }
}
