using System.Text.Json.Nodes;
using CrmWorkflow.Engine.Model;
using CrmWorkflow.Engine.Persistence;
using CrmWorkflow.Engine.Tests.Support;

namespace CrmWorkflow.Engine.Tests.Durable;

public sealed class DefinitionStoreTests : IDisposable
{
    private readonly SqliteDatabase _db = new();
    private readonly TestHost _host;

    public DefinitionStoreTests() => _host = _db.NewHost();

    public void Dispose()
    {
        _host.Dispose();
        _db.Dispose();
    }

    private static WorkflowDefinition Call(string title = "Call {{ input.name }}") =>
        DefinitionJson.Parse(Flows.Call.Replace("Call {{ input.name }}", title)).Definition!;

    [Fact]
    public async Task SaveDraft_Twice_EditsSameVersionAndBumpsRevision()
    {
        var first = await _host.Definitions.SaveDraftAsync(Call("A"));
        var second = await _host.Definitions.SaveDraftAsync(Call("B"), first.Revision);

        Assert.Equal(1, second.Version);
        Assert.Equal(first.Revision + 1, second.Revision);
        Assert.Contains("\"B\"", (await _host.Definitions.GetRecordAsync("call-lead"))!.Json);
    }

    [Fact]
    public async Task SaveDraft_StaleRevision_IsRefused()
    {
        var first = await _host.Definitions.SaveDraftAsync(Call("A"));
        await _host.Definitions.SaveDraftAsync(Call("B"), first.Revision);

        await Assert.ThrowsAsync<DefinitionConflictException>(() => _host.Definitions.SaveDraftAsync(Call("C"), first.Revision));
    }

    [Fact]
    public async Task SaveDraft_InvalidDocument_IsStoredWithItsProblems()
    {
        var broken = Call() with { Connections = [new Connection { From = "start", To = "ghost" }] };

        var saved = await _host.Definitions.SaveDraftAsync(broken);

        Assert.Contains(saved.Problems, p => p.Path == "$.connections[0].to");
        await Assert.ThrowsAsync<DefinitionInvalidException>(() => _host.Definitions.PublishAsync("call-lead"));
    }

    [Fact]
    public async Task Draft_IsNotStartableUntilPublished()
    {
        await _host.Definitions.SaveDraftAsync(Call());

        await Assert.ThrowsAsync<DefinitionNotFoundException>(() => _host.Runtime.StartAsync("call-lead", new JsonObject { ["name"] = "Ada" }));

        await _host.Definitions.PublishAsync("call-lead");
        var started = await _host.Runtime.StartAsync("call-lead", new JsonObject { ["name"] = "Ada" });
        Assert.Equal("Call Ada", started.TasksCreated.Single().Title);
    }

    [Fact]
    public async Task SaveDraft_AfterPublish_StartsNewVersionAndListShowsBoth()
    {
        await _host.Definitions.SaveDraftAsync(Call());
        await _host.Definitions.PublishAsync("call-lead");

        var draft = await _host.Definitions.SaveDraftAsync(Call("Phone {{ input.name }}"));

        Assert.Equal(2, draft.Version);
        var summary = Assert.Single(await _host.Definitions.ListAsync());
        Assert.Equal(2, summary.LatestVersion);
        Assert.Equal(1, summary.PublishedVersion);
        var started = await _host.Runtime.StartAsync("call-lead", new JsonObject { ["name"] = "Ada" });
        Assert.Equal("Call Ada", started.TasksCreated.Single().Title);
    }

    [Fact]
    public async Task DeleteDraft_RemovesOnlyTheDraft_PublishedCannotBeDeleted()
    {
        await _host.Definitions.SaveDraftAsync(Call());
        await _host.Definitions.PublishAsync("call-lead");
        await _host.Definitions.SaveDraftAsync(Call("B"));

        await _host.Definitions.DeleteDraftAsync("call-lead");

        Assert.Equal(1, (await _host.Definitions.GetRecordAsync("call-lead"))!.Version);
        await Assert.ThrowsAsync<DefinitionConflictException>(() => _host.Definitions.DeleteDraftAsync("call-lead"));
    }
}
