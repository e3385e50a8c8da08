using System.Text.Json.Nodes;
using System.Text;

namespace CrmWorkflow.Web.Tests.Support;

/// <summary>One generated bad request.</summary>
public sealed record BadRequest(ApiEndpoint Endpoint, string Method, string Url, byte[]? Body, string? ContentType,
    IReadOnlyDictionary<string, string> Headers)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), Url);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        foreach (var (name, value) in Headers)
            if (!message.Headers.TryAddWithoutValidation(name, value)) message.Content?.Headers.TryAddWithoutValidation(name, value);
        return message;
    }

    public override string ToString()
    {
        var body = Body is null ? "" : Encoding.UTF8.GetString(Body);
        if (body.Length > 120) body = body[..120] + $"...({Body!.Length} bytes)";
        var url = Url.Length > 160 ? Url[..160] + "..." : Url;
        var headers = string.Join(" ", Headers.Select(h => $"{h.Key}: {(h.Value.Length > 40 ? h.Value[..40] + "..." : h.Value)}"));
        return $"{Method} {url} [{ContentType}] {headers} {body}".TrimEnd();
    }
}

/// <summary>
/// Generates malformed requests for every endpoint: bad ids in the path, bad query strings,
/// truncated JSON, wrong types and nulls in each field the endpoint reads, huge strings,
/// deep nesting, unknown members and bad headers. Real ids are used where a path needs one,
/// so the body reaches the code that reads it.
/// </summary>
public static class MalformedRequests
{
    private static readonly string[] OddIds =
    [
        // %00 is left out: TestServer refuses to build such a request (Kestrel answers 400 itself).
        "%01%1F", "..%2F..%2Fetc", "%E2%9C%93%F0%9F%92%A5", "'%20OR%201=1--", "%3Cscript%3E", new string('z', 4000), "-1", "%FF%FE", "null",
    ];

    private static readonly string[] OddQueries =
    [
        "page=-1&pageSize=0", "page=2147483647&pageSize=200", "pageSize=abc", "version=-1", "version=99999999999", "status=%00",
        "status=", "dueBefore=0001-01-01T00:00:00%2B14:00", "dueBefore=9999-12-31T23:59:59-14:00", "useCookies=perhaps",
        "definitionId=" + new string('d', 3000), "correlationId=%E2%9C%93&status=Finished&page=999999",
    ];

    private static readonly string[] WrongValues =
        ["5", "-1.5e308", "1e400", "true", "\"text\"", "[]", "{}", "null", "[[[[[[[[]]]]]]]]", "\"\\u0000\"", "{\"$ref\":\"#\"}"];

    // The members each body-reading endpoint understands (by route pattern suffix).
    private static readonly (string Suffix, string Method, string[] Fields)[] Fields =
    [
        ("/api/auth/login", "POST", ["email", "password"]),
        ("/api/auth/refresh", "POST", ["refreshToken"]),
        ("/api/workflows/validate", "POST", ["definitionId", "name", "version", "inputs", "variables", "triggers", "activities", "connections", "layout"]),
        ("/api/workflows/{definitionId}", "PUT", ["definitionId", "name", "description", "inputs", "variables", "triggers", "activities", "connections", "layout"]),
        ("/instances", "POST", ["input", "correlationId"]),
        ("/resume", "POST", ["payload"]),
        ("/api/events/{name}", "POST", ["correlationId", "payload"]),
        ("/complete", "POST", ["outcome", "data"]),
        ("/delegate", "POST", ["to"]),
    ];

    public static IEnumerable<BadRequest> For(ApiEndpoint endpoint, Func<string, string> realId, string validBody)
    {
        var real = Url(endpoint, realId);
        var none = new Dictionary<string, string>();
        if (endpoint.Pattern.Contains('{'))
            foreach (var id in OddIds) yield return new(endpoint, endpoint.Method, endpoint.Url("ID").Replace("ID", id), Utf8("{}"), "application/json", none);
        foreach (var query in OddQueries.Take(endpoint.Method == "GET" ? OddQueries.Length : 3))
            yield return new(endpoint, endpoint.Method, $"{real}?{query}", endpoint.Method == "GET" ? null : Utf8(validBody), "application/json", none);
        if (endpoint.Method == "GET") yield break;

        foreach (var body in new[] { validBody[..(validBody.Length / 2)], "{", "{\"a\":", "]", "nul", "\"unterminated", "{} {}", "{\"a\":1,}x" })
            yield return new(endpoint, endpoint.Method, real, Utf8(body), "application/json", none);
        yield return new(endpoint, endpoint.Method, real, Utf8(new string('[', 5000) + new string(']', 5000)), "application/json", none);
        yield return new(endpoint, endpoint.Method, real, Utf8($"{{\"unknownMember\": \"{new string('u', 300_000)}\"}}"), "application/json", none);
        yield return new(endpoint, endpoint.Method, real, [0xEF, 0xBB, 0xBF, 0xC3, 0x28, 0xFF, 0x7B, 0x7D], "application/json", none);
        yield return new(endpoint, endpoint.Method, real, [], "application/json", none);
        yield return new(endpoint, endpoint.Method, real, Utf8("   "), "application/json", none);
        yield return new(endpoint, endpoint.Method, real, Utf8(validBody), "application/json; charset=utf-32", none);
        yield return new(endpoint, endpoint.Method, real, Utf8(validBody), "text/xml", none);
        yield return new(endpoint, endpoint.Method, real, Utf8(validBody), "application/json", new Dictionary<string, string>
        {
            ["Idempotency-Key"] = new string('k', 500), ["If-Match"] = "W/\"\u00e9\"", ["Accept"] = "application/xml;q=abc",
        });
        yield return new(endpoint, endpoint.Method, real, Utf8(validBody), "application/json", new Dictionary<string, string>
        {
            ["Idempotency-Key"] = "\u2603 snow", ["If-Match"] = "\"99999999999999\"",
        });

        var fields = Fields.FirstOrDefault(f => f.Method == endpoint.Method && endpoint.Pattern.EndsWith(f.Suffix, StringComparison.Ordinal)).Fields ?? ["x"];
        foreach (var field in fields)
        {
            foreach (var value in WrongValues) yield return Json(endpoint, real, Replace(validBody, field, value));
            yield return Json(endpoint, real, Replace(validBody, field, $"\"{new string('h', 200_000)}\""));
        }
        if (fields.Contains("activities"))
            foreach (var body in DeepMutations(validBody)) yield return Json(endpoint, real, body);
    }

    private static readonly string[] DeepValues = ["null", "5", "\"x\"", "[]", "{}", "[null]", "{\"expr\":\"((\"}", "{\"template\":\"{{ x\"}"];

    /// <summary>The document with each member and element, at every depth, replaced by each of a few wrong values.</summary>
    public static IEnumerable<string> DeepMutations(string json)
    {
        var count = CountSlots(JsonNode.Parse(json));
        for (var slot = 0; slot < count; slot++)
            foreach (var value in DeepValues)
            {
                var copy = JsonNode.Parse(json)!;
                var index = 0;
                SetSlot(copy, slot, ref index, value);
                yield return copy.ToJsonString();
            }
    }

    private static int CountSlots(JsonNode? node) => node switch
    {
        JsonObject o => o.Sum(p => 1 + CountSlots(p.Value)),
        JsonArray a => a.Sum(e => 1 + CountSlots(e)),
        _ => 0,
    };

    private static bool SetSlot(JsonNode? node, int slot, ref int index, string raw)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var name in o.Select(p => p.Key).ToList())
                {
                    if (index++ == slot) { o[name] = JsonNode.Parse(raw); return true; }
                    if (SetSlot(o[name], slot, ref index, raw)) return true;
                }
                return false;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    if (index++ == slot) { a[i] = JsonNode.Parse(raw); return true; }
                    if (SetSlot(a[i], slot, ref index, raw)) return true;
                }
                return false;
            default:
                return false;
        }
    }

    private static BadRequest Json(ApiEndpoint endpoint, string url, string body) =>
        new(endpoint, endpoint.Method, url, Utf8(body), "application/json", new Dictionary<string, string>());

    private static string Url(ApiEndpoint endpoint, Func<string, string> realId) =>
        System.Text.RegularExpressions.Regex.Replace(endpoint.Pattern, "\\{([^}]+)\\}", m => Uri.EscapeDataString(realId(endpoint.Pattern + "|" + m.Groups[1].Value)));

    // Sets one member of a JSON object to a raw JSON value (adding it when absent).
    private static string Replace(string json, string field, string rawValue)
    {
        var node = JsonNode.Parse(json) as JsonObject ?? [];
        node.Remove(field);
        var text = node.ToJsonString();
        var member = $"\"{field}\":{rawValue}";
        return text == "{}" ? $"{{{member}}}" : $"{{{member},{text[1..]}";
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
