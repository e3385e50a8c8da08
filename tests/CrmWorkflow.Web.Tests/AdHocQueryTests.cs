using System.Net;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Ad-hoc customer queries: any combination of allowed filters, sorting, paging, CSV.</summary>
public sealed class AdHocQueryTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task Query_FiltersAndSort_ReturnsMatchingRowsInOrder()
    {
        var analyst = await App.AnalystAsync();

        var result = await (await analyst.PostJsonAsync("/api/query", """
            { "filters": [ { "field": "kind", "op": "eq", "value": "Corporate" },
                           { "field": "region", "op": "in", "value": ["East China", "North China"] },
                           { "field": "size", "op": "gte", "value": 10 } ],
              "sort": [ { "field": "size", "direction": "desc" } ],
              "fields": ["id", "name", "region", "size"], "pageSize": 20 }
            """)).ExpectAsync(HttpStatusCode.OK);

        var rows = result!["rows"]!.AsArray();
        Assert.NotEmpty(rows);
        Assert.All(rows, r => Assert.Contains(r!["region"]!.GetValue<string>(), new[] { "East China", "North China" }));
        Assert.All(rows, r => Assert.True(r!["size"]!.GetValue<int>() >= 10));
        var sizes = rows.Select(r => r!["size"]!.GetValue<int>()).ToList();
        Assert.Equal(sizes.OrderByDescending(s => s), sizes);
        Assert.Equal(["id", "name", "region", "size"], result["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
    }

    [Fact]
    public async Task Query_UnknownField_Is400NamingTheFieldAndTheAllowedOnes()
    {
        var analyst = await App.AnalystAsync();

        var problem = await (await analyst.PostJsonAsync("/api/query", """
            { "filters": [ { "field": "passwordHash", "op": "eq", "value": "x" } ] }
            """)).ExpectAsync(HttpStatusCode.BadRequest);

        var message = problem!["errors"]!["$.filters[0].field"]![0]!.GetValue<string>();
        Assert.Contains("Unknown field 'passwordHash'", message);
        Assert.Contains("churnRisk", message);
    }

    [Fact]
    public async Task Query_WrongValueTypeOrOperator_Is400AtThePath()
    {
        var analyst = await App.AnalystAsync();

        var problem = await (await analyst.PostJsonAsync("/api/query", """
            { "filters": [ { "field": "size", "op": "eq", "value": "big" },
                           { "field": "tier", "op": "gt", "value": "Gold" },
                           { "field": "name", "op": "like", "value": "%" } ],
              "sort": [ { "field": "id; DROP TABLE Customers", "direction": "up" } ] }
            """)).ExpectAsync(HttpStatusCode.BadRequest);

        var errors = problem!["errors"]!.AsObject();
        Assert.Contains("$.filters[0].value", errors.Select(e => e.Key));
        Assert.Contains("$.filters[1].op", errors.Select(e => e.Key));
        Assert.Contains("$.filters[2].op", errors.Select(e => e.Key));
        Assert.Contains("$.sort[0].field", errors.Select(e => e.Key));
        Assert.Contains("$.sort[0].direction", errors.Select(e => e.Key));
    }

    [Fact]
    public async Task Query_TextWithQuotes_IsMatchedLiterallyNotAsSql()
    {
        var analyst = await App.AnalystAsync();

        var result = await (await analyst.PostJsonAsync("/api/query", """
            { "filters": [ { "field": "name", "op": "eq", "value": "x' OR '1'='1" } ] }
            """)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(0, result!["total"]!.GetValue<int>());
    }

    [Fact]
    public async Task Query_AsClientManager_OnlyTheirCustomers()
    {
        var manager = await App.ManagerAsync();

        var result = await (await manager.PostJsonAsync("/api/query", """{ "fields": ["id", "managerId"], "pageSize": 100 }""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(12, result!["total"]!.GetValue<int>());
        Assert.All(result["rows"]!.AsArray(), r => Assert.Equal("cm-demo", r!["managerId"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Query_Csv_ExportsHeaderAndEveryMatchingRow()
    {
        var analyst = await App.AnalystAsync();

        var response = await analyst.PostJsonAsync("/api/query?format=csv", """
            { "filters": [ { "field": "kind", "op": "eq", "value": "Individual" } ], "fields": ["id", "name", "tier"], "pageSize": 5 }
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("id,name,tier", lines[0].TrimEnd('\r'));
        Assert.True(lines.Length - 1 > 5, "The export is not limited to one page.");
    }

    [Fact]
    public async Task Query_GroupedByTier_CountsEveryCustomerOnceInTheirTier()
    {
        var analyst = await App.AnalystAsync();

        var result = await (await analyst.PostJsonAsync("/api/query", """{ "groupBy": "tier" }""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(["tier", "count"], result!["fields"]!.AsArray().Select(f => f!.GetValue<string>()));
        var rows = result["rows"]!.AsArray();
        Assert.Equal(["Standard", "Silver", "Gold", "Diamond"], rows.Select(r => r!["tier"]!.GetValue<string>()));
        Assert.Equal(500, rows.Sum(r => r!["count"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Query_GroupedWithAverage_MatchesTheRowsItSummarises()
    {
        var analyst = await App.AnalystAsync();

        var grouped = await (await analyst.PostJsonAsync("/api/query", """
            { "filters": [ { "field": "kind", "op": "eq", "value": "Corporate" } ],
              "groupBy": "keyAccount", "aggregate": "avg", "aggregateField": "churnRisk" }
            """)).ExpectAsync(HttpStatusCode.OK);
        var rows = await (await analyst.PostJsonAsync("/api/query", """
            { "filters": [ { "field": "kind", "op": "eq", "value": "Corporate" } ], "fields": ["keyAccount", "churnRisk"], "pageSize": 1000 }
            """)).ExpectAsync(HttpStatusCode.OK);

        var expected = rows!["rows"]!.AsArray().Where(r => r!["churnRisk"] is not null)
            .GroupBy(r => r!["keyAccount"]!.GetValue<bool>()).ToDictionary(g => g.Key, g => Math.Round(g.Average(r => r!["churnRisk"]!.GetValue<int>()), 2));
        foreach (var group in grouped!["rows"]!.AsArray())
            Assert.Equal(expected[group!["keyAccount"]!.GetValue<bool>()], group["avg(churnRisk)"]!.GetValue<double>(), 2);
    }

    [Fact]
    public async Task Query_GroupedAsClientManager_CountsOnlyTheirCustomers()
    {
        var manager = await App.ManagerAsync();

        var result = await (await manager.PostJsonAsync("/api/query", """{ "groupBy": "region" }""")).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(12, result!["rows"]!.AsArray().Sum(r => r!["count"]!.GetValue<int>()));
    }

    [Fact]
    public async Task Query_GroupingMistakes_Are400AtThePath()
    {
        var analyst = await App.AnalystAsync();

        var badGroup = await (await analyst.PostJsonAsync("/api/query", """
            { "groupBy": "name", "aggregate": "median" }
            """)).ExpectAsync(HttpStatusCode.BadRequest);
        var badField = await (await analyst.PostJsonAsync("/api/query", """
            { "groupBy": "tier", "aggregate": "sum", "aggregateField": "region", "sort": [ { "field": "size" } ] }
            """)).ExpectAsync(HttpStatusCode.BadRequest);
        var noGroup = await (await analyst.PostJsonAsync("/api/query", """{ "aggregate": "sum", "aggregateField": "size" }""")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains("Cannot group by 'name'", badGroup!["errors"]!["$.groupBy"]![0]!.GetValue<string>());
        Assert.Contains("Unknown aggregate 'median'", badGroup["errors"]!["$.aggregate"]![0]!.GetValue<string>());
        Assert.Contains("needs a number field", badField!["errors"]!["$.aggregateField"]![0]!.GetValue<string>());
        Assert.Contains("sorts by tier or count", badField["errors"]!["$.sort[0].field"]![0]!.GetValue<string>());
        Assert.Contains("group by", noGroup!["errors"]!["$.groupBy"]![0]!.GetValue<string>());
    }

    [Fact]
    public async Task Query_AsDownloadLink_ExportsTheSameQueryAsCsv()
    {
        var analyst = await App.AnalystAsync();
        var q = Uri.EscapeDataString("""{ "groupBy": "tier", "aggregate": "max", "aggregateField": "size" }""");

        var response = await analyst.GetAsync($"/api/query?format=csv&q={q}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("tier,count,max(size)", lines[0]);
        Assert.Equal(500, lines.Skip(1).Sum(l => int.Parse(l.Split(',')[1])));
    }

    [Theory]
    [InlineData("", "q")]
    [InlineData("?q=%7B%22filters%22%3A5%7D", "q.filters")]
    [InlineData("?q=%7B%22groupBy%22%3A%22tier%22%7D&format=pdf", "format")]
    public async Task Query_AsDownloadLink_BadQueryIs400(string query, string path)
    {
        var analyst = await App.AnalystAsync();

        var problem = await (await analyst.GetAsync($"/api/query{query}")).ExpectAsync(HttpStatusCode.BadRequest);

        Assert.Contains(path, problem!["errors"]!.AsObject().Select(e => e.Key));
    }
}
