using System.Net;
using System.Net.Http.Json;
using CrmWorkflow.Web.Tests.Support;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CrmWorkflow.Web.Tests;

/// <summary>Report CSV downloads and who may open the insight pages.</summary>
public sealed class ReportDownloadTests(WebAppFixture app) : ApiTest(app)
{
    private static async Task<List<string[]>> CsvAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var text = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF');
        return text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(',')).ToList();
    }

    // A browser session: the download link sends the sign-in cookie, not a bearer token.
    private async Task<HttpClient> CookieSessionAsync(string email)
    {
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email, password = WebAppFixture.DemoPassword })).EnsureSuccessStatusCode();
        return client;
    }

    [Theory]
    [InlineData("/api/reports/profile?format=csv")]
    [InlineData("/api/query?format=csv&q=%7B%22groupBy%22%3A%22tier%22%7D")]
    public async Task Download_WithoutSignIn_Is401(string url)
    {
        var response = await App.CreateClient().GetAsync(url);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("tier", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ReportCsv_AsAnalyst_IsTheReportAsAFileWithEveryCustomer()
    {
        var analyst = await CookieSessionAsync("analyst@demo.local");

        var response = await analyst.GetAsync("/api/reports/profile?format=csv");
        var rows = await CsvAsync(response);

        Assert.Equal("profile.csv", response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(["region", "kind", "tier", "customers", "keyAccounts"], rows[0]);
        Assert.Equal(500, rows.Skip(1).Sum(r => int.Parse(r[3])));
    }

    [Fact]
    public async Task ReportCsv_AsClientManager_CoversOnlyTheirCustomers()
    {
        var manager = await CookieSessionAsync("manager@demo.local");

        var rows = await CsvAsync(await manager.GetAsync("/api/reports/profile?format=csv"));

        Assert.Equal(12, rows.Skip(1).Sum(r => int.Parse(r[3])));
    }

    [Fact]
    public async Task AcquisitionReport_AsClientManager_CountsOnlyLeadsRoutedToThem()
    {
        var analyst = await App.AnalystAsync();
        var manager = await App.ManagerAsync();

        var all = await (await analyst.GetAsync("/api/reports/acquisition")).ExpectAsync(HttpStatusCode.OK);
        var mine = await (await manager.GetAsync("/api/reports/acquisition")).ExpectAsync(HttpStatusCode.OK);
        var ownLeads = await (await manager.GetAsync("/api/leads?pageSize=200")).ExpectAsync(HttpStatusCode.OK);

        Assert.True(all!["rows"]!.AsArray().Sum(r => r![1]!.GetValue<int>()) > 0);
        Assert.Equal(ownLeads!["total"]!.GetValue<int>(), mine!["rows"]!.AsArray().Sum(r => r![1]!.GetValue<int>()));
    }

    [Fact]
    public async Task ReportFormat_Unknown_Is400()
    {
        var analyst = await App.AnalystAsync();

        var problem = await (await analyst.GetAsync("/api/reports/profile?format=xlsx")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("csv", problem!["errors"]!["format"]![0]!.GetValue<string>());
    }

    [Theory]
    [InlineData("analyst@demo.local", "/dashboards", true)]
    [InlineData("consultant@demo.local", "/dashboards", true)]
    [InlineData("manager@demo.local", "/dashboards", false)]
    [InlineData("manager@demo.local", "/reports", true)]
    [InlineData("manager@demo.local", "/reports/query", true)]
    public async Task InsightPage_ByRole_OpensOrIsRefused(string email, string path, bool opens)
    {
        var client = await CookieSessionAsync(email);

        var response = await client.GetAsync(path);

        // Refused: the cookie handler sends the browser to the page that says so.
        Assert.Equal(opens ? HttpStatusCode.OK : HttpStatusCode.Redirect, response.StatusCode);
        if (opens) return;
        Assert.StartsWith("/denied", response.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        var denied = await (await client.GetAsync(response.Headers.Location)).Content.ReadAsStringAsync();
        Assert.Contains("Your role (ClientManager) cannot open this page.", denied);
    }
}
