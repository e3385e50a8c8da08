using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace CrmWorkflow.Web.Tests.Support;

/// <summary>Small HTTP helpers so tests read as the calls a client makes.</summary>
public static class Http
{
    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static async Task<JsonNode> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonNode.Parse(text) ?? throw new InvalidOperationException("Empty JSON body.");
    }

    /// <summary>Asserts the status (showing the body when it differs) and returns the parsed body, if any.</summary>
    public static async Task<JsonNode?> ExpectAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, string json, string? ifMatch = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = Json(json) };
        if (ifMatch is not null) request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return client.SendAsync(request);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(this HttpClient client, string url, string json) =>
        client.PostAsync(url, Json(json));

    /// <summary>Saves and publishes a definition as the given designer; returns the published version.</summary>
    public static async Task<int> PublishAsync(this HttpClient designer, string id, string json)
    {
        await (await designer.PutJsonAsync($"/api/workflows/{id}", json)).ExpectAsync(HttpStatusCode.OK);
        var published = await (await designer.PostAsync($"/api/workflows/{id}/publish", null)).ExpectAsync(HttpStatusCode.OK);
        return published!["version"]!.GetValue<int>();
    }

    /// <summary>Starts an instance and returns the 201 body.</summary>
    public static async Task<JsonNode> StartAsync(this HttpClient client, string id, object? input = null)
    {
        var response = await client.PostAsJsonAsync($"/api/workflows/{id}/instances", new { input = input ?? new { customer = "Acme" } });
        return (await response.ExpectAsync(HttpStatusCode.Created))!;
    }

    /// <summary>Starts an instance of the definition and returns the id of the one task it created.</summary>
    public static async Task<string> StartTaskAsync(this HttpClient client, string id) =>
        (await client.StartAsync(id))["tasks"]![0]!["id"]!.GetValue<string>();

    public static Task<HttpResponseMessage> CompleteAsync(this HttpClient client, string taskId, string outcome = "approved") =>
        client.PostAsJsonAsync($"/api/tasks/{taskId}/complete", new { outcome, data = new { notes = "ok" } });

    /// <summary>The ids of the open tasks the client sees.</summary>
    public static async Task<List<string>> TaskIdsAsync(this HttpClient client)
    {
        var page = await (await client.GetAsync("/api/tasks?pageSize=200")).ExpectAsync(HttpStatusCode.OK);
        return page!["items"]!.AsArray().Select(t => t!["id"]!.GetValue<string>()).ToList();
    }
}
