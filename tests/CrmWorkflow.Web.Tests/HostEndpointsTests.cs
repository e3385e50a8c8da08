using System.Net;
using System.Text.RegularExpressions;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Health, the OpenAPI document and the browsable API reference, all without sign-in.</summary>
public sealed class HostEndpointsTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Health_WithoutSignIn_AnswersHealthy()
    {
        var response = await App.CreateClient().GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_WithoutSignIn_DescribesTheApi()
    {
        var response = await App.CreateClient().GetAsync("/openapi/v1.json");

        var document = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("3.", document!["openapi"]!.GetValue<string>());
        var paths = document["paths"]!.AsObject();
        Assert.Contains("/api/workflows/{definitionId}/instances", paths.Select(p => p.Key));
        Assert.Contains("/api/tasks/{id}/complete", paths.Select(p => p.Key));
    }

    [Fact]
    public async Task Docs_WithoutSignIn_ServesReferencePageWithItsScriptLocally()
    {
        var client = App.CreateClient();

        var response = await client.GetAsync("/docs");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        // Scalar resolves this against the site root: /openapi/v1.json.
        Assert.Contains("\"url\":\"openapi/v1.json\"", html);
        // The page is only useful if its script loads; offline that means served by the host.
        var scripts = Regex.Matches(html, "<script[^>]+src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(scripts);
        var sizes = new List<int>();
        foreach (var src in scripts)
        {
            Assert.False(Uri.TryCreate(src, UriKind.Absolute, out var absolute) && absolute.Host != "localhost",
                $"The reference page loads {src} from the internet; it will be blank offline.");
            var script = await client.GetAsync(new Uri(response.RequestMessage!.RequestUri!, src));
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
            sizes.Add((await script.Content.ReadAsByteArrayAsync()).Length);
        }
        Assert.True(sizes.Max() > 1_000_000, "The Scalar bundle is not among the scripts the page loads.");
    }

    [Fact]
    public async Task Root_WithoutSignIn_RedirectsToTheSignInPage()
    {
        var client = App.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/signin", response.Headers.Location?.AbsolutePath);
        Assert.Equal("?ReturnUrl=%2F", response.Headers.Location?.Query);
    }

    [Fact]
    public async Task ActivityTypes_SignedIn_ListsBuiltInsWithInputs()
    {
        var manager = await App.ManagerAsync();

        var types = (await (await manager.GetAsync("/api/activity-types")).ExpectAsync(HttpStatusCode.OK))!.AsArray();

        var task = Assert.Single(types, t => t!["type"]?.GetValue<string>() == "core.humanTask")!;
        Assert.Contains("title", task["inputs"]!.AsArray().Select(i => i!["name"]!.GetValue<string>()));
    }
}
