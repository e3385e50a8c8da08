using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Malformed, oversized, mistyped and unknown input each get a clear 4xx.</summary>
public sealed class BadInputTests(WebAppFixture app) : ApiTest(app)
{
    private async Task<(HttpClient Analyst, string Id)> PublishedAsync()
    {
        var analyst = await App.AnalystAsync();
        var id = TestFlows.NewId();
        await analyst.PublishAsync(id, TestFlows.Approval(id));
        return (analyst, id);
    }

    [Fact]
    public async Task Post_BodyOverOneMegabyte_Answers413Problem()
    {
        var (analyst, id) = await PublishedAsync();
        var huge = $$"""{ "input": { "customer": "{{new string('x', 1_100_000)}}" } }""";

        var response = await analyst.PostJsonAsync($"/api/workflows/{id}/instances", huge);

        await response.ExpectAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, (await (await analyst.GetAsync($"/api/instances?definitionId={id}")).ExpectAsync(HttpStatusCode.OK))!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Put_ChunkedBodyOverOneMegabyte_Answers413Problem()
    {
        var analyst = await App.AnalystAsync();
        var json = TestFlows.Instant("chunky").Replace("\"Instant chunky\"", $"\"{new string('y', 1_200_000)}\"");
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Put, "/api/workflows/chunky") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await analyst.SendAsync(request);

        await response.ExpectAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_WrongContentType_Answers415()
    {
        var (analyst, id) = await PublishedAsync();

        var response = await analyst.PostAsync($"/api/workflows/{id}/instances", new StringContent("customer=Acme", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await response.ExpectAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("""{ "input": { "customer": "Acme" """, "$.input")]
    [InlineData("""{ "input": 5 }""", "$.input")]
    [InlineData("""{ "input": { "customer": "Acme" }, "correlationId": 42 }""", "$.correlationId")]
    [InlineData("""{ "inptu": {} }""", "$")]
    [InlineData("""[1, 2]""", "$")]
    public async Task StartInstance_MalformedOrMistypedBody_Answers400WithPath(string body, string pathPrefix)
    {
        var (analyst, id) = await PublishedAsync();

        var problem = await (await analyst.PostJsonAsync($"/api/workflows/{id}/instances", body)).ExpectAsync(HttpStatusCode.BadRequest);

        var errors = problem!["errors"]!.AsObject();
        Assert.Contains(errors, e => e.Key.StartsWith(pathPrefix, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartInstance_MissingRequiredInput_Answers400NamingTheInput()
    {
        var (analyst, id) = await PublishedAsync();

        var problem = await (await analyst.PostJsonAsync($"/api/workflows/{id}/instances", """{ "input": {} }""")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("customer", problem!.ToJsonString());
    }

    [Fact]
    public async Task SaveDraft_WrongTypeDeepInside_Answers400WithThatPath()
    {
        var analyst = await App.AnalystAsync();
        var json = TestFlows.Instant("typed").Replace("\"activities\": [", "\"activities\": [ 7,");

        var problem = await (await analyst.PutJsonAsync("/api/workflows/typed", json)).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains(problem!["errors"]!.AsObject(), e => e.Key.StartsWith("$.activities", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET", "/api/instances/00000000000000000000000000000000")]
    [InlineData("GET", "/api/instances/00000000000000000000000000000000/journal")]
    [InlineData("POST", "/api/instances/00000000000000000000000000000000/cancel")]
    [InlineData("POST", "/api/instances/00000000000000000000000000000000/retry")]
    [InlineData("GET", "/api/tasks/00000000000000000000000000000000")]
    [InlineData("POST", "/api/tasks/00000000000000000000000000000000/claim")]
    [InlineData("POST", "/api/tasks/00000000000000000000000000000000/complete")]
    [InlineData("POST", "/api/bookmarks/00000000000000000000000000000000/resume")]
    public async Task Call_UnknownId_Answers404(string method, string url)
    {
        var admin = await App.AdminAsync();

        var response = await admin.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = Http.Json("{}") });

        await response.ExpectAsync(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/instances?status=Bogus", "status")]
    [InlineData("/api/instances?status=3", "status")]
    [InlineData("/api/instances?page=0", "page")]
    [InlineData("/api/instances?pageSize=1000", "pageSize")]
    [InlineData("/api/tasks?status=Bogus", "status")]
    [InlineData("/api/tasks?page=0", "page")]
    [InlineData("/api/tasks?pageSize=1000", "pageSize")]
    [InlineData("/api/tasks?dueBefore=notadate", "dueBefore")]
    [InlineData("/api/instances?page=abc", "page")]
    [InlineData("/api/workflows/x?version=two", "version")]
    public async Task List_BadQueryParameter_Answers400NamingIt(string url, string parameter)
    {
        var admin = await App.AdminAsync();

        var response = await admin.GetAsync(url);

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(parameter, problem!.ToJsonString());
    }

    [Fact]
    public async Task SaveDraft_BadIfMatch_Answers400()
    {
        var analyst = await App.AnalystAsync();

        await (await analyst.PutJsonAsync("/api/workflows/ifmatch", TestFlows.Instant("ifmatch"), "\"abc\"")).ExpectAsync(HttpStatusCode.BadRequest);
    }
}
