using System.Net;
using System.Text.Json.Nodes;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>The complaints API with the shipped complaint-handling workflow published.</summary>
public sealed class ComplaintApiTests(WebAppFixture app) : ApiTest(app)
{
    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var admin = await App.AdminAsync();
        await admin.PublishAsync("complaint-handling", await File.ReadAllTextAsync(ShippedWorkflow()));
    }

    private static string ShippedWorkflow()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "CrmWorkflow.sln"))) return Path.Combine(dir.FullName, "workflows", "complaint-handling.json");
        throw new InvalidOperationException("Repository root not found.");
    }

    // A customer the demo client manager serves, with its first contact. The survey test takes its own
    // customer: surveys to one contact are suppressed for 30 days, and the database outlives a test.
    private static async Task<(long Customer, long Contact)> OwnCustomerAsync(HttpClient manager, int index = 0)
    {
        var customer = (await (await manager.GetAsync("/api/customers?pageSize=5")).ExpectAsync(HttpStatusCode.OK))!["items"]![index]!;
        var view = await (await manager.GetAsync($"/api/customers/{customer["id"]}")).ExpectAsync(HttpStatusCode.OK);
        return (customer["id"]!.GetValue<long>(), view!["contacts"]![0]!["id"]!.GetValue<long>());
    }

    private static async Task<JsonNode> FileAsync(HttpClient client, long customer, long? contact, string severity = "high")
    {
        var body = new JsonObject
        {
            ["customerId"] = customer, ["contactId"] = contact, ["channel"] = "phone", ["category"] = "Billing",
            ["severity"] = severity, ["description"] = "Invoice charged twice",
        };
        return (await (await client.PostJsonAsync("/api/complaints", body.ToJsonString())).ExpectAsync(HttpStatusCode.Created))!;
    }

    private static Task<HttpResponseMessage> StatusAsync(HttpClient client, long id, string json) =>
        client.PostJsonAsync($"/api/complaints/{id}/status", json);

    [Fact]
    public async Task Create_OwnCustomer_Returns201WithLocationDueTimesAndAssignee()
    {
        var manager = await App.ManagerAsync();
        var (customer, contact) = await OwnCustomerAsync(manager);

        var response = await manager.PostJsonAsync("/api/complaints",
            $$"""{ "customerId": {{customer}}, "contactId": {{contact}}, "channel": "phone", "category": "Billing", "severity": "high", "description": "Invoice charged twice" }""");

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created!["id"]!.GetValue<long>();
        Assert.Equal($"/api/complaints/{id}", response.Headers.Location!.ToString());
        Assert.Equal(("new", "high", "cm-demo"), (created["status"]!.GetValue<string>(), created["priority"]!.GetValue<string>(), created["assigneeId"]!.GetValue<string>()));
        var sla = created["sla"]!;
        Assert.Equal("onTrack", sla["state"]!.GetValue<string>());
        Assert.True(sla["responseDueAt"]!.GetValue<DateTimeOffset>() < sla["resolutionDueAt"]!.GetValue<DateTimeOffset>());
        Assert.NotNull(sla["warningAt"]);

        var read = await (await manager.GetAsync($"/api/complaints/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(sla["resolutionDueAt"]!.ToJsonString(), read!["sla"]!["resolutionDueAt"]!.ToJsonString());
        Assert.Equal(0, read["escalationLevel"]!.GetValue<int>());
    }

    [Fact]
    public async Task Create_InvalidFields_Returns400NamingEachPath()
    {
        var admin = await App.AdminAsync();

        var problem = await (await admin.PostJsonAsync("/api/complaints", """{ "channel": "pigeon", "severity": "apocalyptic", "category": " ", "description": "" }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        var wrongType = await (await admin.PostJsonAsync("/api/complaints", """{ "customerId": "abc" }""")).ExpectAsync(HttpStatusCode.BadRequest);
        var unknownCustomer = await (await admin.PostJsonAsync("/api/complaints",
            """{ "customerId": 987654321, "channel": "web", "category": "Billing", "severity": "low", "description": "x" }""")).ExpectAsync(HttpStatusCode.BadRequest);

        var errors = problem!["errors"]!.AsObject().Select(e => e.Key).Order().ToList();
        Assert.Equal(["$.category", "$.channel", "$.customerId", "$.description", "$.severity"], errors);
        Assert.Contains("phone, sms, email", problem["errors"]!["$.channel"]![0]!.GetValue<string>());
        Assert.NotNull(wrongType!["errors"]!["$.customerId"]);
        Assert.NotNull(unknownCustomer!["errors"]!["$.customerId"]);
    }

    [Fact]
    public async Task Access_ClientManager_SeesOnlyTheirCustomersComplaints_AnalystReadsButCannotAct()
    {
        var admin = await App.AdminAsync();
        var analyst = await App.AnalystAsync();
        var other = (await (await analyst.GetAsync("/api/customers?managerId=cm-0002&pageSize=1")).ExpectAsync(HttpStatusCode.OK))!["items"]![0]!;
        var theirs = await FileAsync(admin, other["id"]!.GetValue<long>(), null, "low");
        var id = theirs["id"]!.GetValue<long>();
        var manager = await App.ManagerAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/complaints/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await StatusAsync(manager, id, """{ "status": "acknowledged" }""")).StatusCode);
        await (await manager.PostJsonAsync("/api/complaints",
            $$"""{ "customerId": {{other["id"]}}, "channel": "web", "category": "Billing", "severity": "low", "description": "x" }""")).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.OK, (await analyst.GetAsync($"/api/complaints/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await StatusAsync(analyst, id, """{ "status": "acknowledged" }""")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await App.ConsultantAsync()).GetAsync($"/api/complaints/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/complaints/987654321")).StatusCode);
    }

    [Fact]
    public async Task Status_WaitingOnCustomerThenInProgress_PausesAndResumesTheClock()
    {
        var manager = await App.ManagerAsync();
        var (customer, contact) = await OwnCustomerAsync(manager);
        var id = (await FileAsync(manager, customer, contact))["id"]!.GetValue<long>();

        var paused = await (await StatusAsync(manager, id, """{ "status": "waitingOnCustomer", "note": "Asked for the invoice number" }"""))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("waitingOnCustomer", "paused"), (paused!["status"]!.GetValue<string>(), paused["sla"]!["state"]!.GetValue<string>()));
        Assert.NotNull(paused["sla"]!["pausedSince"]);

        var resumed = await (await StatusAsync(manager, id, """{ "status": "inProgress" }""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("inProgress", resumed!["status"]!.GetValue<string>());
        Assert.NotEqual("paused", resumed["sla"]!["state"]!.GetValue<string>());
        Assert.Single(resumed["sla"]!["pauses"]!.AsArray());
    }

    [Fact]
    public async Task Status_InvalidRequestsAndTransitions_AnswerWithTheProblemAndItsPath()
    {
        var manager = await App.ManagerAsync();
        var (customer, contact) = await OwnCustomerAsync(manager);
        var id = (await FileAsync(manager, customer, contact))["id"]!.GetValue<long>();

        var unknown = await (await StatusAsync(manager, id, """{ "status": "escalated" }""")).ExpectAsync(HttpStatusCode.BadRequest);
        var noResolution = await (await StatusAsync(manager, id, """{ "status": "resolved" }""")).ExpectAsync(HttpStatusCode.BadRequest);
        await (await StatusAsync(manager, id, """{ "status": "resolved", "resolution": "Refunded", "rootCause": "System error" }""")).ExpectAsync(HttpStatusCode.OK);
        var conflict = await (await StatusAsync(manager, id, """{ "status": "waitingOnCustomer" }""")).ExpectAsync(HttpStatusCode.Conflict);
        var again = await (await StatusAsync(manager, id, """{ "status": "resolved", "resolution": "Again" }""")).ExpectAsync(HttpStatusCode.Conflict);

        Assert.Contains("waitingOnCustomer", unknown!["errors"]!["$.status"]![0]!.GetValue<string>());
        Assert.NotNull(noResolution!["errors"]!["$.resolution"]);
        Assert.Equal("A complaint that is resolved cannot become waiting on the customer; it can become closed.",
            conflict!["errors"]!["$.status"]![0]!.GetValue<string>());
        Assert.Contains("already resolved", again!["errors"]!["$.status"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, (await StatusAsync(manager, 987654321, """{ "status": "closed" }""")).StatusCode);
    }

    [Fact]
    public async Task Survey_AfterResolution_StoresTheScoreOnce()
    {
        var manager = await App.ManagerAsync();
        var (customer, contact) = await OwnCustomerAsync(manager, index: 1);
        var id = (await FileAsync(manager, customer, contact))["id"]!.GetValue<long>();
        var tooEarly = await (await manager.PostJsonAsync($"/api/complaints/{id}/survey", """{ "score": 4 }""")).ExpectAsync(HttpStatusCode.Conflict);
        var resolved = await (await StatusAsync(manager, id, """{ "status": "resolved", "resolution": "Refunded" }""")).ExpectAsync(HttpStatusCode.OK);
        Assert.NotNull(resolved!["surveySentAt"]);

        var outOfRange = await (await manager.PostJsonAsync($"/api/complaints/{id}/survey", """{ "score": 6 }""")).ExpectAsync(HttpStatusCode.BadRequest);
        var fraction = await (await manager.PostJsonAsync($"/api/complaints/{id}/survey", """{ "score": 4.5 }""")).ExpectAsync(HttpStatusCode.BadRequest);
        var answered = await (await manager.PostJsonAsync($"/api/complaints/{id}/survey", """{ "score": 4, "comment": "Fair enough" }""")).ExpectAsync(HttpStatusCode.OK);
        var twice = await (await manager.PostJsonAsync($"/api/complaints/{id}/survey", """{ "score": 1 }""")).ExpectAsync(HttpStatusCode.Conflict);

        Assert.Contains("No satisfaction survey was sent", tooEarly!["detail"]!.GetValue<string>());
        Assert.NotNull(outOfRange!["errors"]!["$.score"]);
        Assert.NotNull(fraction!["errors"]!["$.score"]);
        Assert.Equal((4, "Fair enough"), (answered!["satisfaction"]!.GetValue<int>(), answered["satisfactionComment"]!.GetValue<string>()));
        Assert.Contains("answered already", twice!["detail"]!.GetValue<string>());
        // The workflow took the answer too: it closed the complaint.
        Assert.Equal("closed", (await (await manager.GetAsync($"/api/complaints/{id}")).ExpectAsync(HttpStatusCode.OK))!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task MalformedBodies_ReachingAnExistingComplaint_NeverAnswer5xx()
    {
        var manager = await App.ManagerAsync();
        var (customer, contact) = await OwnCustomerAsync(manager, index: 2);
        var id = (await FileAsync(manager, customer, contact))["id"]!.GetValue<long>();
        string[] wrong = ["5", "-1.5e308", "1e400", "true", "\"text\"", "[]", "{}", "null", "\"\\u0000\"", $"\"{new string('h', 100_000)}\""];
        var targets = new (string Url, string Valid, string[] Fields)[]
        {
            ("/api/complaints", $$"""{ "customerId": {{customer}}, "channel": "web", "category": "Billing", "severity": "low", "description": "x" }""",
                ["customerId", "contactId", "channel", "category", "severity", "description"]),
            ($"/api/complaints/{id}/status", """{ "status": "acknowledged", "note": "n", "resolution": "r", "rootCause": "c" }""", ["status", "note", "resolution", "rootCause"]),
            ($"/api/complaints/{id}/survey", """{ "score": 3, "comment": "c" }""", ["score", "comment"]),
        };
        var failures = new List<string>();
        foreach (var (url, valid, fields) in targets)
        foreach (var field in fields)
        foreach (var value in wrong)
        {
            var body = JsonNode.Parse(valid)!.AsObject();
            body.Remove(field);
            var json = body.Count == 0 ? $"{{\"{field}\":{value}}}" : $"{{\"{field}\":{value},{body.ToJsonString()[1..]}";
            var response = await manager.PostJsonAsync(url, json);
            if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} <- POST {url} {json[..Math.Min(json.Length, 120)]}");
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task Escalate_GivesTheNextLevel_AndTheTimelineShowsIt_BadInputSaysWhere()
    {
        var manager = await App.ManagerAsync();
        var (customer, contact) = await OwnCustomerAsync(manager, 3);
        var id = (await FileAsync(manager, customer, contact))["id"]!.GetValue<long>();

        var missing = await (await manager.PostJsonAsync($"/api/complaints/{id}/escalate", "{}")).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Contains("$.reason", missing!["errors"]!.AsObject().Select(e => e.Key));
        Assert.Equal(HttpStatusCode.NotFound, (await manager.PostJsonAsync("/api/complaints/987654/escalate", """{ "reason": "x" }""")).StatusCode);

        var escalated = await (await manager.PostJsonAsync($"/api/complaints/{id}/escalate", """{ "reason": "Second call today" }""")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, escalated!["escalationLevel"]!.GetValue<int>());
        var timeline = await (await manager.GetAsync($"/api/complaints/{id}/timeline")).ExpectAsync(HttpStatusCode.OK);
        var titles = timeline!.AsArray().Select(e => e!["title"]!.GetValue<string>()).ToList();
        Assert.Equal("Received by phone", titles[0]);
        Assert.Contains("Escalated", titles);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/api/complaints/987654/timeline")).StatusCode);
    }
}
