using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace CrmWorkflow.Web.Tests.Startup;

/// <summary>Start-up as a user meets it: migrations, demo users and the workflows folder.</summary>
public sealed class StartupTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("crmwf-startup-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private WebApplicationFactory<Program> Host() => new WebApplicationFactory<Program>().WithWebHostBuilder(b => b
        .UseSetting("ConnectionStrings:CrmWorkflow", $"Data Source={Path.Combine(_folder, "app.db")}")
        .UseSetting("Workflows:Folder", Path.Combine(_folder, "workflows"))
        .UseSetting("Workflow:Worker:Enabled", "false")
        .UseSetting("Seed:DemoData", "true"));

    private void WriteWorkflow(string file, string title)
    {
        Directory.CreateDirectory(Path.Combine(_folder, "workflows"));
        File.WriteAllText(Path.Combine(_folder, "workflows", file), $$"""
            { "definitionId": "greet", "name": "Greet",
              "activities": [ { "id": "start", "type": "core.start" },
                              { "id": "task", "type": "core.humanTask", "inputs": { "title": "{{title}}", "role": "ClientManager" } } ],
              "connections": [ { "from": "start", "to": "task" } ] }
            """);
    }

    private static async Task<HttpClient> SignInAsync(WebApplicationFactory<Program> host)
    {
        var client = host.CreateClient();
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = "analyst@demo.local", password = "Demo!2026" });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonObject>())!["accessToken"]!.GetValue<string>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    [Fact]
    public async Task Start_InvalidWorkflowFile_ExitsWithMessageNamingFilePathAndProblem()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "workflows"));
        File.WriteAllText(Path.Combine(_folder, "workflows", "bad.json"), """
            { "definitionId": "bad", "name": "Bad",
              "activities": [ { "id": "start", "type": "core.start" }, { "id": "x", "type": "core.nope" } ],
              "connections": [ { "from": "start", "to": "x" } ] }
            """);
        var (exitCode, message, stdout) = await RunUntilExitAsync(new() { ["Workflows__Folder"] = Path.Combine(_folder, "workflows") });

        Assert.Equal(1, exitCode);
        Assert.Contains("bad.json: $.activities[1].type: Unknown activity type 'core.nope'.", message);
        Assert.Contains("Start-up stopped", message);
        Assert.DoesNotContain("running on", stdout);
    }

    [Fact]
    public async Task Start_SmsGatewayOffTheAllowList_ExitsWithMessageNamingTheSettingNoStackTrace()
    {
        var (exitCode, message, stdout) = await RunUntilExitAsync(new() { ["Messaging__Sms__Url"] = "https://sms.example.com/send" });

        Assert.Equal(1, exitCode);
        Assert.Contains("The SMS gateway's host 'sms.example.com' is not on the outbound HTTP allow-list (Workflow:Http:AllowedHosts)", message);
        Assert.Contains("Start-up stopped: fix the setting(s) above", message);
        Assert.DoesNotContain("   at ", message);
        Assert.DoesNotContain("running on", stdout);
    }

    // The real app, as a user starts it, in the test's folder: a process that must stop with a readable message.
    private async Task<(int ExitCode, string Stderr, string Stdout)> RunUntilExitAsync(Dictionary<string, string> environment)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, WorkingDirectory = _folder };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "CrmWorkflow.Web.dll"));
        info.ArgumentList.Add("--urls=http://127.0.0.1:0");
        info.Environment["ConnectionStrings__CrmWorkflow"] = $"Data Source={Path.Combine(_folder, "app.db")}";
        info.Environment["Workflow__Worker__Enabled"] = "false";
        foreach (var (key, value) in environment) info.Environment[key] = value;
        using var app = Process.Start(info)!;
        var stderr = app.StandardError.ReadToEndAsync();
        var stdout = app.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await app.WaitForExitAsync(timeout.Token);
        return (app.ExitCode, await stderr, await stdout);
    }

    [Fact]
    public async Task Start_WorkflowFile_PublishedOnceAndAgainOnlyWhenChanged()
    {
        WriteWorkflow("greet.json", "Hello");
        using (var first = Host())
        {
            var client = await SignInAsync(first);
            Assert.Equal(1, (await client.GetFromJsonAsync<JsonObject>("/api/workflows/greet"))!["version"]!.GetValue<int>());
        }
        using (var unchanged = Host())
        {
            var client = await SignInAsync(unchanged);
            Assert.Equal(1, (await client.GetFromJsonAsync<JsonObject>("/api/workflows/greet"))!["version"]!.GetValue<int>());
        }
        WriteWorkflow("greet.json", "Hello again");
        using var changed = Host();
        var again = await SignInAsync(changed);
        var latest = (await again.GetFromJsonAsync<JsonObject>("/api/workflows/greet"))!;
        Assert.Equal(2, latest["version"]!.GetValue<int>());
        Assert.Equal("published", latest["status"]!.GetValue<string>());
    }
}
