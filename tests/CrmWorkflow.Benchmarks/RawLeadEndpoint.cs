using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace CrmWorkflow.Benchmarks;

/// <summary>
/// The floor over HTTP: <c>POST /bench/raw-lead</c> in the benchmark's host, in front of the app's
/// own pipeline. It signs the caller in with the app's scheme, reads the same JSON body, writes the
/// lead with <see cref="RawLeadSqlite"/> (the lead path's statements as hand-written ADO.NET, one
/// transaction) and answers 201 with the lead's id, manager and explanation. No EF Core, engine,
/// scripts or templates: what any code would pay for a lead on this machine and host.
/// </summary>
internal sealed class RawLeadEndpoint : IStartupFilter
{
    public const string Path = "/bench/raw-lead";

    /// <summary>Set by the benchmark once the database has its managers; requests before that get 503.</summary>
    public static RawLeadSqlite? Writer { get; set; }

    private static readonly Lock Gate = new();
    private static int _turn;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private sealed record Body(string? PersonName, string? CompanyName);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, rest) =>
        {
            if (context.Request.Path != Path || !HttpMethods.IsPost(context.Request.Method))
            {
                await rest(context);
                return;
            }
            if (!(await context.AuthenticateAsync()).Succeeded)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            var body = await JsonSerializer.DeserializeAsync<Body>(context.Request.Body, Web, context.RequestAborted);
            if (string.IsNullOrWhiteSpace(body?.PersonName) || Writer is not { } writer)
            {
                context.Response.StatusCode = body is null || Writer is null ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status400BadRequest;
                return;
            }
            (long Lead, string Manager) written;
            lock (Gate) written = writer.Write(body.PersonName, body.CompanyName ?? "", _turn++);
            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.Headers.Location = $"/api/leads/{written.Lead}";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync($"{{\"id\":{written.Lead},\"assignedManagerId\":\"{written.Manager}\",\"routingExplanation\":{writer.Explanation}}}");
        });
        next(app);
    };
}
