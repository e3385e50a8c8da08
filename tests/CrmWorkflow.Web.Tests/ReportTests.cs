using System.Net;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>The phase-one customer reports over the demo CRM.</summary>
public sealed class ReportTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task EveryReport_OnDemoData_HasColumnsAndRows()
    {
        var analyst = await App.AnalystAsync();
        var catalogue = (await (await analyst.GetAsync("/api/reports")).ExpectAsync(HttpStatusCode.OK))!.AsArray();

        Assert.Equal(8, catalogue.Count);
        foreach (var name in catalogue.Select(r => r!["name"]!.GetValue<string>()))
        {
            var report = await (await analyst.GetAsync($"/api/reports/{name}")).ExpectAsync(HttpStatusCode.OK);
            Assert.NotEmpty(report!["columns"]!.AsArray());
            Assert.True(report["rows"]!.AsArray().Count > 0, $"Report {name} has no rows on the demo data.");
        }
    }

    [Fact]
    public async Task Profile_AddsUpToEveryCustomer_AndAManagerSeesOnlyTheirBook()
    {
        var analyst = await App.AnalystAsync();
        var manager = await App.ManagerAsync();

        var all = await (await analyst.GetAsync("/api/reports/profile")).ExpectAsync(HttpStatusCode.OK);
        var mine = await (await manager.GetAsync("/api/reports/profile")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(500, all!["rows"]!.AsArray().Sum(r => r![3]!.GetValue<int>()));
        Assert.Equal(12, mine!["rows"]!.AsArray().Sum(r => r![3]!.GetValue<int>()));
    }

    [Fact]
    public async Task UnknownReport_Is404ListingTheReports()
    {
        var analyst = await App.AnalystAsync();

        var problem = await (await analyst.GetAsync("/api/reports/secret-salaries")).ExpectAsync(HttpStatusCode.NotFound);

        Assert.Contains("cost-to-serve", problem!["detail"]!.GetValue<string>());
    }
}
