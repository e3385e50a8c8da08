using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace CrmWorkflow.Web.Tests.Support;

/// <summary>One mapped endpoint: its method and route pattern.</summary>
public sealed record ApiEndpoint(string Method, string Pattern)
{
    /// <summary>The pattern with each {parameter} replaced by <paramref name="value"/>.</summary>
    public string Url(string value = "x") =>
        System.Text.RegularExpressions.Regex.Replace(Pattern, "\\{[^}]+\\}", Uri.EscapeDataString(value));

    public override string ToString() => $"{Method} {Pattern}";
}

/// <summary>Reads the host's own route table, so a new endpoint is covered without editing the tests.</summary>
public static class ApiEndpoints
{
    public static IReadOnlyList<ApiEndpoint> All(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => new ApiEndpoint(m, e.RoutePattern.RawText!.TrimEnd('/'))))
            .Distinct().OrderBy(e => e.Pattern).ThenBy(e => e.Method).ToList();
}
