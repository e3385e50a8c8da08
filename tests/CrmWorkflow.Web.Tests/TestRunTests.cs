using System.Net;
using System.Text.Json.Nodes;
using CrmWorkflow.Crm.Data;
using CrmWorkflow.Web.Startup;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace CrmWorkflow.Web.Tests;

/// <summary>Test runs of a draft: a sandbox on a sample CRM, stepped through by the designer, with nothing sent and nothing live touched.</summary>
public sealed class TestRunTests(WebAppFixture app) : ApiTest(app)
{
    // start -> tell the customer -> approval task (approve | reject) -> approve: wait 4 h -> end; reject: end
    private const string Draft = """
        { "definitionId": "try-me", "name": "Try me",
          "inputs": [ { "name": "customer", "type": "string", "required": true } ],
          "activities": [
            { "id": "start", "type": "core.start" },
            { "id": "tell", "type": "crm.notify", "inputs": { "template": "lead-unassigned", "to": "desk@example.com",
              "model": { "expr": "{ supervisor: { name: 'Desk' }, lead: { id: 7, personName: input.customer }, queue: 'sales', explanation: 'nobody in the region' }" } } },
            { "id": "approve", "type": "core.humanTask", "inputs": { "title": { "template": "Approve {{ input.customer }}" }, "role": "Admin",
              "outcomes": ["approve", "reject"] } },
            { "id": "cooling", "type": "core.delay", "inputs": { "duration": "PT4H" } },
            { "id": "end", "type": "core.end" } ],
          "connections": [
            { "from": "start", "to": "tell" }, { "from": "tell", "to": "approve" },
            { "from": "approve", "port": "approve", "to": "cooling" }, { "from": "approve", "port": "reject", "to": "end" },
            { "from": "cooling", "to": "end" } ] }
        """;

    private async Task<HttpClient> DraftAsync()
    {
        var analyst = await App.AnalystAsync();
        await (await analyst.PutJsonAsync("/api/workflows/try-me", Draft)).ExpectAsync(HttpStatusCode.OK);
        return analyst;
    }

    [Fact]
    public async Task TestRun_SampleBuiltByAnEarlierVersion_UpgradedAndTheRunWorks()
    {
        var analyst = await DraftAsync();
        await (await analyst.PostJsonAsync("/api/workflows/try-me/test-runs", """{ "input": { "customer": "Acme" } }""")).ExpectAsync(HttpStatusCode.Created);
        // The kept sample as the previous version of the app left it: its newest migration undone.
        var options = CrmWorkflow.Web.TestRuns.TestRunSandbox.ConfigureFile(new DbContextOptionsBuilder<CrmDbContext>(), App.TestRunTemplatePath);
        await using (var sample = new CrmDbContext(options.Options))
        {
            var migrations = sample.Database.GetMigrations().ToList();
            await sample.GetService<IMigrator>().MigrateAsync(migrations[^2]);
            Assert.Equal([migrations[^1]], await sample.Database.GetPendingMigrationsAsync());
        }

        var started = await (await analyst.PostJsonAsync("/api/workflows/try-me/test-runs", """{ "input": { "customer": "Acme" } }""")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal("Suspended", started!["status"]!.GetValue<string>());
        Assert.Single(started["messages"]!.AsArray());
        await using (var sample = new CrmDbContext(options.Options))
            Assert.Empty(await sample.Database.GetPendingMigrationsAsync());
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task TestRun_OfADraft_StepsThroughTaskAndTimer_SendsNothing_AndLeavesLiveDataAlone()
    {
        var analyst = await DraftAsync();

        var started = await (await analyst.PostJsonAsync("/api/workflows/try-me/test-runs", """{ "input": { "customer": "Acme" } }""")).ExpectAsync(HttpStatusCode.Created);

        var run = started!["id"]!.GetValue<string>();
        Assert.Equal("Suspended", started["status"]!.GetValue<string>());
        Assert.Equal(["start", "tell"], Steps(started));
        var message = Assert.Single(started["messages"]!.AsArray())!;
        Assert.Equal(("No manager available for lead 7: Acme", "desk@example.com"), (message["subject"]!.GetValue<string>(), message["recipient"]!.GetValue<string>()));
        var task = Assert.Single(started["tasks"]!.AsArray())!;
        Assert.Equal("Approve Acme", task["title"]!.GetValue<string>());

        var approved = await (await analyst.PostJsonAsync($"/api/test-runs/{run}/tasks/{task["id"]}/complete", """{ "outcome": "approve" }""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["start", "tell", "approve"], Steps(approved!));
        Assert.Single(approved!["timers"]!.AsArray());
        var later = await (await analyst.PostJsonAsync($"/api/test-runs/{run}/advance", """{ "by": "PT5H" }""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Finished", later!["status"]!.GetValue<string>());
        Assert.Equal(["start", "tell", "approve", "cooling", "end"], Steps(later));

        // Live: no instance of the draft, no message queued, the draft still a draft.
        var instances = await (await analyst.GetAsync("/api/instances?definitionId=try-me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, instances!["total"]!.GetValue<int>());
        await using (var db = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={App.DatabasePath}"))
        {
            await db.OpenAsync();
            await using var count = db.CreateCommand();
            count.CommandText = "SELECT COUNT(*) FROM OutboundMessages WHERE Recipient = 'desk@example.com'";
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        }
        var versions = await (await analyst.GetAsync("/api/workflows/try-me/versions")).ExpectAsync(HttpStatusCode.OK);
        Assert.All(versions!.AsArray(), v => Assert.Equal("draft", v!["status"]!.GetValue<string>()));

        Assert.Equal(HttpStatusCode.NoContent, (await analyst.DeleteAsync($"/api/test-runs/{run}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/test-runs/{run}")).StatusCode);
    }

    [Fact]
    public async Task TestRun_ShippedLeadRouting_RoutesASampleLead_ThenReroutesWhenNobodyCalls()
    {
        await App.PublishShippedAsync("lead-routing");
        var analyst = await App.AnalystAsync();

        // The sandbox's sample CRM has its own leads and managers: lead 1 is one of them.
        var started = await (await analyst.PostJsonAsync("/api/workflows/lead-routing/test-runs", """{ "input": { "leadId": 1 } }""")).ExpectAsync(HttpStatusCode.Created);

        Assert.Equal(["start", "enrich", "pickRule", "route", "keepManager", "tellManager"], Steps(started!));
        Assert.Equal(["firstContact"], started!["waitingAt"]!.AsArray().Select(a => a!.GetValue<string>()));
        var message = Assert.Single(started["messages"]!.AsArray())!;
        Assert.StartsWith("New lead: ", message["subject"]!.GetValue<string>());
        Assert.Equal(started["variables"]!["manager"]!["email"]!.GetValue<string>(), message["recipient"]!.GetValue<string>());
        Assert.StartsWith("First contact: ", Assert.Single(started["tasks"]!.AsArray())!["title"]!.GetValue<string>());

        // Four hours without a first contact: the workflow takes the lead back and routes it again.
        var later = await (await analyst.PostJsonAsync($"/api/test-runs/{started["id"]}/advance", """{ "by": "PT4H1M" }""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains("reroute", Steps(later!));
        Assert.Contains(later!["messages"]!.AsArray(), m => m!["subject"]!.GetValue<string>().StartsWith("First contact overdue: ", StringComparison.Ordinal));
        Assert.Empty(later["incidents"]!.AsArray());
    }

    [Fact]
    public async Task TestRun_BadRequests_SayWhatAndWhere()
    {
        var analyst = await DraftAsync();

        var missing = await (await analyst.PostJsonAsync("/api/workflows/try-me/test-runs", "{}")).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains(missing!["errors"]!.AsObject(), e => e.Key.Contains("customer"));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PostJsonAsync("/api/workflows/no-such-flow/test-runs", "{}")).StatusCode);
        var broken = Draft.Replace("{ \"from\": \"cooling\", \"to\": \"end\" }", "{ \"from\": \"cooling\", \"to\": \"nowhere\" }");
        await (await analyst.PutJsonAsync("/api/workflows/try-me", broken)).ExpectAsync(HttpStatusCode.OK);
        var invalid = await (await analyst.PostJsonAsync("/api/workflows/try-me/test-runs", """{ "input": { "customer": "Acme" } }""")).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains(invalid!["errors"]!.AsObject(), e => e.Key.StartsWith("$.connections"));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PostJsonAsync("/api/test-runs/nope/advance", """{ "by": "PT1H" }""")).StatusCode);
        var manager = await App.ManagerAsync();
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostJsonAsync("/api/workflows/try-me/test-runs", "{}")).StatusCode);
    }

    [Fact]
    public async Task Advance_WithoutADuration_Is400AtBy()
    {
        var analyst = await DraftAsync();
        var run = (await (await analyst.PostJsonAsync("/api/workflows/try-me/test-runs", """{ "input": { "customer": "Acme" } }""")).ExpectAsync(HttpStatusCode.Created))!["id"]!.GetValue<string>();

        var problem = await (await analyst.PostJsonAsync($"/api/test-runs/{run}/advance", """{ "by": "four hours" }""")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("$.by", problem!["errors"]!.AsObject().Select(e => e.Key));
    }

    private static List<string> Steps(JsonNode run) => run["path"]!.AsArray().Select(s => s!["activityId"]!.GetValue<string>()).ToList();
}
