using System.Net;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Consultants and admins run rollout projects over HTTP; the shipped crm-rollout workflow drives them.</summary>
public sealed class RolloutEndpointsTests(WebAppFixture app) : ApiTest(app)
{
    private const string NewProject = """
        { "name": "Head-office CRM", "organisation": "Northwind Trading", "targetGoLive": "2027-06-30",
          "budget": 500000, "tcoTarget": 650000, "roiTargetPercent": 25 }
        """;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        // The test host's workflows folder is empty: publish the shipped definition as users have it.
        var admin = await App.AdminAsync();
        await admin.PublishAsync("crm-rollout", await File.ReadAllTextAsync(ShippedWorkflow("crm-rollout.json")));
    }

    [Fact]
    public async Task Create_AsConsultant_LaysOutTheMethodologyAndGivesTheConsultantStageOne()
    {
        var consultant = await App.ConsultantAsync();

        var response = await consultant.PostJsonAsync("/api/rollouts", NewProject);

        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created!["id"]!.GetValue<long>();
        Assert.Equal($"/api/rollouts/{id}", response.Headers.Location?.ToString());
        Assert.Single(created["workflowInstances"]!.AsArray());
        var project = await (await consultant.GetAsync($"/api/rollouts/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, project!["phases"]!.AsArray().Count);
        Assert.Equal(7, project["stages"]!.AsArray().Count);
        Assert.Equal(10, project["checklist"]!.AsArray().Count);
        Assert.Equal("InProgress", project["stages"]![0]!["status"]!.GetValue<string>());
        Assert.Contains(project["kpis"]!.AsArray(), k => k!["name"]!.GetValue<string>() == "User adoption");
        var tasks = await (await consultant.GetAsync("/api/tasks")).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(tasks!["items"]!.AsArray(), t => t!["title"]!.GetValue<string>() == "Head-office CRM: stage 1, analysis and specification");
        var portfolio = await (await consultant.GetAsync("/api/rollouts")).ExpectAsync(HttpStatusCode.OK);
        var mine = portfolio!.AsArray().Single(p => p!["id"]!.GetValue<long>() == id)!;
        Assert.Equal(1, mine["currentStage"]!.GetValue<int>());
        Assert.Equal(0, mine["checklistDone"]!.GetValue<int>());
        Assert.Equal(650000m, mine["tco"]!["target"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task CompleteItem_WithoutEvidence_Is400AtEvidence_WithEvidenceRecordsWhoAndWhen()
    {
        var consultant = await App.ConsultantAsync();
        var id = await CreateAsync(consultant);

        var missing = await (await consultant.PostJsonAsync($"/api/rollouts/{id}/checklist/1/complete", """{ "evidence": "  " }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(missing!["errors"]!["$.evidence"]);

        var done = await (await consultant.PostJsonAsync($"/api/rollouts/{id}/checklist/1/complete", """{ "evidence": "Process survey v2" }"""))
            .ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("consultant@demo.local", done!["item"]!["doneBy"]!.GetValue<string>());
        Assert.NotNull(done["item"]!["doneAt"]);
        await (await consultant.PostJsonAsync($"/api/rollouts/{id}/checklist/1/complete", """{ "evidence": "again" }"""))
            .ExpectAsync(HttpStatusCode.Conflict);
        var item = (await (await consultant.GetAsync($"/api/rollouts/{id}")).ExpectAsync(HttpStatusCode.OK))!["checklist"]![0]!;
        Assert.Equal("Process survey v2", item["evidence"]!.GetValue<string>());
    }

    [Fact]
    public async Task RecordKpi_ReadingIsKeptAsHistory_UnknownKpiIs400AtKpi()
    {
        var admin = await App.AdminAsync();
        var id = await CreateAsync(admin);

        var unknown = await (await admin.PostJsonAsync($"/api/rollouts/{id}/kpis", """{ "kpi": "Happiness", "value": 3 }""")).ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(unknown!["errors"]!["$.kpi"]);
        var recorded = await (await admin.PostJsonAsync($"/api/rollouts/{id}/kpis", """{ "kpi": "TCO", "value": 480000 }""")).ExpectAsync(HttpStatusCode.Created);
        Assert.True(recorded!["met"]!.GetValue<bool>());

        var project = await (await admin.GetAsync($"/api/rollouts/{id}")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(480000m, project!["tcoActual"]!.GetValue<decimal>());
        var tco = project["kpis"]!.AsArray().Single(k => k!["name"]!.GetValue<string>() == "TCO")!;
        Assert.Equal(480000m, Assert.Single(tco["history"]!.AsArray())!["value"]!.GetValue<decimal>());
    }

    [Fact]
    public async Task StatusReport_IsHtmlWithTheProjectsFigures()
    {
        var consultant = await App.ConsultantAsync();
        var id = await CreateAsync(consultant);

        var response = await consultant.GetAsync($"/api/rollouts/{id}/status-report");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Head-office CRM</h1>", html);
        Assert.Contains("Open checklist items (10)", html);
        Assert.Contains("TCO 0 of 650,000 target (budget 500,000)", html);
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    [Fact]
    public async Task StatusReport_Download_IsAnHtmlFileNamedAfterProjectAndDay()
    {
        var consultant = await App.ConsultantAsync();
        var id = await CreateAsync(consultant);

        var response = await consultant.GetAsync($"/api/rollouts/{id}/status-report?download=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches($"^\"?rollout-{id}-status-\\d{{4}}-\\d{{2}}-\\d{{2}}\\.html\"?$", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains("<h1>Head-office CRM</h1>", await response.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await consultant.GetAsync($"/api/rollouts/{id}/status-report?download=maybe")).StatusCode);
    }

    [Fact]
    public async Task UnknownProjectItemOrRoute_Is404()
    {
        var consultant = await App.ConsultantAsync();
        var id = await CreateAsync(consultant);
        const string body = """{ "evidence": "x" }""";

        Assert.Equal(HttpStatusCode.NotFound, (await consultant.GetAsync("/api/rollouts/987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await consultant.GetAsync("/api/rollouts/abc")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await consultant.GetAsync("/api/rollouts/987654321/status-report")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await consultant.PostJsonAsync("/api/rollouts/987654321/checklist/1/complete", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await consultant.PostJsonAsync($"/api/rollouts/{id}/checklist/11/complete", body)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await consultant.PostJsonAsync("/api/rollouts/987654321/kpis", """{ "kpi": "TCO", "value": 1 }""")).StatusCode);
    }

    [Fact]
    public async Task Rollouts_OtherRolesAreForbidden_AnonymousIsUnauthorized()
    {
        var id = await CreateAsync(await App.AdminAsync());
        var manager = await App.ManagerAsync();
        var analyst = await App.AnalystAsync();

        Assert.Equal(HttpStatusCode.Forbidden, (await manager.GetAsync("/api/rollouts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await manager.PostJsonAsync("/api/rollouts", NewProject)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync($"/api/rollouts/{id}/status-report")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostJsonAsync($"/api/rollouts/{id}/checklist/1/complete", """{ "evidence": "x" }""")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateClient().GetAsync($"/api/rollouts/{id}")).StatusCode);
    }

    [Fact]
    public async Task Create_BadInput_Is400AtEachPath()
    {
        var consultant = await App.ConsultantAsync();

        var problem = await (await consultant.PostJsonAsync("/api/rollouts",
                """{ "name": "", "organisation": "N", "roiTargetPercent": -5, "adoptionTargetPercent": 120, "consultantUserId": "nobody" }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        var paths = problem!["errors"]!.AsObject().Select(e => e.Key).ToList();
        Assert.Equal(["$.adoptionTargetPercent", "$.name", "$.roiTargetPercent", "$.targetGoLive"], paths.Order());
        var date = await (await consultant.PostJsonAsync("/api/rollouts", """{ "name": "X", "organisation": "N", "targetGoLive": "next June" }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(date!["errors"]!["$.targetGoLive"]);
        var nobody = await (await consultant.PostJsonAsync("/api/rollouts",
                """{ "name": "X", "organisation": "N", "targetGoLive": "2027-06-30", "consultantUserId": "nobody" }"""))
            .ExpectAsync(HttpStatusCode.BadRequest);
        Assert.NotNull(nobody!["errors"]!["$.consultantUserId"]);
    }

    [Fact]
    public async Task SendMalformedRequests_ToRolloutEndpointsWithARealProject_NoneAnswers5xx()
    {
        var admin = await App.AdminAsync();
        var id = await CreateAsync(admin);
        string ValidBody(ApiEndpoint e) => e.Pattern switch
        {
            "/api/rollouts" => NewProject,
            _ when e.Pattern.EndsWith("/complete", StringComparison.Ordinal) => """{ "evidence": "Signed plan" }""",
            _ => """{ "kpi": "TCO", "value": 1000, "target": 650000 }""",
        };
        var endpoints = ApiEndpoints.All(App.Services).Where(e => e.Pattern.StartsWith("/api/rollouts", StringComparison.Ordinal)).ToList();
        string RealId(string key) => key.Contains("|number", StringComparison.Ordinal) ? "3" : id.ToString();
        // Besides the shared generator's mutations: each field this area reads, with wrong values, on a real project.
        string[] fields = ["evidence", "kpi", "kpiId", "value", "target", "name", "organisation", "targetGoLive", "startedOn", "budget", "consultantUserId"];
        string[] values = ["null", "5", "\"\"", "[]", "{}", "1e400", "-1", "\"2027-02-30\"", "79228162514264337593543950336"];
        var requests = endpoints.SelectMany(e => MalformedRequests.For(e, RealId, ValidBody(e)))
            .Concat(endpoints.Where(e => e.Method == "POST").SelectMany(e =>
                from field in fields
                from value in values
                select new BadRequest(e, "POST", System.Text.RegularExpressions.Regex.Replace(e.Pattern, "\\{([^}:]+)[^}]*\\}", m => RealId("|" + m.Groups[1].Value)),
                    System.Text.Encoding.UTF8.GetBytes($"{{\"{field}\": {value}}}"), "application/json", new Dictionary<string, string>())))
            .ToList();
        var failures = new List<string>();
        foreach (var request in requests)
        {
            var response = await admin.SendAsync(request.ToMessage());
            if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} <- {request}: {await response.Content.ReadAsStringAsync()}");
        }

        Assert.True(requests.Count > 100, $"Only {requests.Count} requests.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private static async Task<long> CreateAsync(HttpClient client)
    {
        var created = await (await client.PostJsonAsync("/api/rollouts", NewProject)).ExpectAsync(HttpStatusCode.Created);
        return created!["id"]!.GetValue<long>();
    }

    private static string ShippedWorkflow(string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "workflows", file);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"workflows/{file} not found above {AppContext.BaseDirectory}.");
    }
}
