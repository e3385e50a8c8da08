using System.Net;
using System.Net.Http.Json;
using CrmWorkflow.Crm.Identity;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Sign-in: bearer tokens, refresh, lockout and the UI cookie.</summary>
public sealed class AuthenticationTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task CallApi_WithoutToken_EveryEndpointAnswers401()
    {
        var anonymous = App.CreateClient();
        var endpoints = ApiEndpoints.All(App.Services).Where(e => !e.Pattern.StartsWith("/api/auth/", StringComparison.Ordinal)).ToList();
        Assert.True(endpoints.Count >= 20, $"Only {endpoints.Count} endpoints found: {string.Join(", ", endpoints)}");

        var wrong = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), endpoint.Url()) { Content = Http.Json("{}") };
            var response = await anonymous.SendAsync(request);
            if (response.StatusCode != HttpStatusCode.Unauthorized) wrong.Add($"{endpoint}: {(int)response.StatusCode}");
        }
        Assert.True(wrong.Count == 0, "Reachable without sign-in:\n" + string.Join("\n", wrong));
        var me = await anonymous.GetAsync("/api/auth/me");
        Assert.Equal(HttpStatusCode.Unauthorized, me.StatusCode);
    }

    [Fact]
    public async Task Login_WrongPassword_Answers401Problem()
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/auth/login", new { email = "analyst@demo.local", password = "nope" });

        var problem = await response.ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(401, problem!["status"]!.GetValue<int>());
        Assert.Null(problem["accessToken"]);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksAccountEvenForTheRightPassword()
    {
        var user = await App.CreateUserAsync(Roles.ClientManager);
        var client = App.CreateClient();
        for (var i = 0; i < 5; i++)
            await (await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong" })).ExpectAsync(HttpStatusCode.Unauthorized);

        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = WebAppFixture.DemoPassword });

        var problem = await response.ExpectAsync(HttpStatusCode.Unauthorized);
        Assert.Contains("locked", problem!["detail"]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Refresh_WithRefreshToken_IssuesWorkingAccessToken()
    {
        var client = App.CreateClient();
        var tokens = await (await client.PostAsJsonAsync("/api/auth/login", new { email = "analyst@demo.local", password = WebAppFixture.DemoPassword }))
            .ExpectAsync(HttpStatusCode.OK);

        var refreshed = await (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens!["refreshToken"]!.GetValue<string>() }))
            .ExpectAsync(HttpStatusCode.OK);

        client.DefaultRequestHeaders.Authorization = new("Bearer", refreshed!["accessToken"]!.GetValue<string>());
        var me = await (await client.GetAsync("/api/auth/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("analyst@demo.local", me!["email"]!.GetValue<string>());
        Assert.Contains("Analyst", me["roles"]!.AsArray().Select(r => r!.GetValue<string>()));
    }

    [Theory]
    [InlineData("not-a-token")]
    [InlineData("CfDJ8AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task Refresh_InvalidToken_Answers401(string token)
    {
        var response = await App.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token });

        await response.ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_WithAccessTokenInsteadOfRefreshToken_Answers401()
    {
        var client = await App.AnalystAsync();
        var access = client.DefaultRequestHeaders.Authorization!.Parameter!;

        var response = await App.CreateClient().PostAsJsonAsync("/api/auth/refresh", new { refreshToken = access });

        await response.ExpectAsync(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Login_WithCookies_MeAnswersForTheCookieSession()
    {
        var client = App.CreateClient();

        var login = await client.PostAsJsonAsync("/api/auth/login?useCookies=true", new { email = "manager@demo.local", password = WebAppFixture.DemoPassword });

        Assert.True(login.IsSuccessStatusCode, $"{(int)login.StatusCode}");
        Assert.Contains(login.Headers.GetValues("Set-Cookie"), c => c.StartsWith(".AspNetCore.Identity.Application=", StringComparison.Ordinal));
        var me = await (await client.GetAsync("/api/auth/me")).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("manager@demo.local", me!["email"]!.GetValue<string>());
        Assert.Equal(["complaints"], me["queues"]!.AsArray().Select(q => q!.GetValue<string>()));

        await (await client.PostAsync("/api/auth/logout", null)).ExpectAsync(HttpStatusCode.NoContent);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/auth/me")).StatusCode);
    }
}
