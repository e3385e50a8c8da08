using System.Net;
using CrmWorkflow.Web.Tests.Support;

namespace CrmWorkflow.Web.Tests;

/// <summary>Hundreds of generated bad requests across every endpoint: none may answer 5xx.</summary>
public sealed class MalformedRequestTests(WebAppFixture app) : ApiTest(app)
{
    [Fact]
    public async Task SendMalformedRequests_ToEveryEndpoint_NoneAnswers5xx()
    {
        var admin = await App.AdminAsync();
        var definitionId = TestFlows.NewId();
        await admin.PublishAsync(definitionId, TestFlows.Approval(definitionId));
        var started = await admin.StartAsync(definitionId);
        var instanceId = started["id"]!.GetValue<string>();
        var taskId = started["tasks"]![0]!["id"]!.GetValue<string>();

        string RealId(string key) => key switch
        {
            _ when key.EndsWith("|definitionId", StringComparison.Ordinal) => definitionId,
            _ when key.StartsWith("/api/instances/", StringComparison.Ordinal) => instanceId,
            _ when key.StartsWith("/api/events/", StringComparison.Ordinal) => "order.placed",
            _ => taskId, // tasks and their bookmarks share the id
        };
        string ValidBody(ApiEndpoint e) => e.Pattern switch
        {
            "/api/auth/login" => """{"email":"nobody@test.local","password":"not-it"}""",
            "/api/auth/refresh" => """{"refreshToken":"abc"}""",
            "/api/workflows/validate" or "/api/workflows/{definitionId}" => TestFlows.Approval(definitionId),
            "/api/workflows/{definitionId}/instances" => """{"input":{"customer":"Acme"},"correlationId":"c-1"}""",
            "/api/bookmarks/{id}/resume" => """{"payload":{"outcome":"maybe","data":{}}}""",
            "/api/events/{name}" => """{"correlationId":"c-1","payload":{"a":1}}""",
            "/api/tasks/{id}/complete" => """{"outcome":"maybe","data":{"notes":"x"}}""",
            "/api/tasks/{id}/delegate" => """{"to":"nobody@test.local"}""",
            _ => """{"x":1}""",
        };

        var endpoints = ApiEndpoints.All(App.Services);
        var requests = endpoints.SelectMany(e => MalformedRequests.For(e, RealId, ValidBody(e))).ToList();
        var failures = new List<string>();
        foreach (var request in requests)
        {
            try
            {
                var response = await admin.SendAsync(request.ToMessage());
                if ((int)response.StatusCode >= 500)
                {
                    var body = await response.Content.ReadAsStringAsync();
                    failures.Add($"{(int)response.StatusCode} <- {request}\n      {(body.Length > 300 ? body[..300] : body)}");
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                failures.Add($"threw {ex.GetType().Name}: {ex.Message} <- {request}");
            }
        }

        Assert.True(requests.Count >= 200, $"Only {requests.Count} requests generated.");
        var thin = endpoints.Where(e => requests.Count(r => r.Endpoint == e) < 5).ToList();
        Assert.True(thin.Count == 0, "Endpoints with fewer than 5 bad requests: " + string.Join(", ", thin));
        Assert.True(failures.Count == 0, $"{failures.Count} of {requests.Count} malformed requests answered 5xx:\n  " + string.Join("\n  ", failures));
        // The host still works afterwards.
        await (await admin.GetAsync($"/api/instances/{instanceId}")).ExpectAsync(HttpStatusCode.OK);
    }
}
