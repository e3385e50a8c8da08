using System.Security.Claims;
using System.Text.Json;
using CrmWorkflow.Crm.Data;
using Microsoft.EntityFrameworkCore;

namespace CrmWorkflow.Web.Api;

/// <summary>
/// With an Idempotency-Key header, the first request's answer is stored and a repeat (same
/// user, same key) gets that answer again without doing the work twice. A repeat that
/// arrives while the first is still running gets 409; the same key on another URL gets 422.
/// </summary>
public sealed class IdempotencyFilter(IDbContextFactory<CrmDbContext> dbFactory, TimeProvider clock) : IEndpointFilter
{
    public const string Header = "Idempotency-Key";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var key = http.Request.Headers[Header].ToString();
        if (string.IsNullOrEmpty(key)) return await next(context);
        if (key.Length > 200) return Problems.Invalid(Header, "The Idempotency-Key is at most 200 characters.");
        var id = $"{http.User.FindFirstValue(ClaimTypes.NameIdentifier)}:{key}";
        var path = http.Request.Path.ToString();

        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            var existing = await db.IdempotencyRecords.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id);
            if (existing is not null) return Replay(existing, path);
            db.IdempotencyRecords.Add(new IdempotencyRecord { Id = id, Method = http.Request.Method, Path = path, CreatedAt = clock.GetUtcNow() });
            try
            {
                await db.SaveChangesAsync();
            }
            catch (DbUpdateException)
            {
                return Problems.Conflict("A request with this Idempotency-Key is still being handled.");
            }
        }

        object? result;
        try
        {
            result = await next(context);
        }
        catch
        {
            await ForgetAsync(id); // failed work did not happen: the client may try again with the same key
            throw;
        }
        var (status, body, contentType, location) = await CaptureAsync(result, http);
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            if (status >= 500) await db.IdempotencyRecords.Where(r => r.Id == id).ExecuteDeleteAsync();
            else
                await db.IdempotencyRecords.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
                    .SetProperty(r => r.StatusCode, status).SetProperty(r => r.Body, body).SetProperty(r => r.ContentType, contentType)
                    .SetProperty(r => r.Location, location));
        }
        return result;
    }

    private static IResult Replay(IdempotencyRecord record, string path)
    {
        if (record.Path != path)
            return Results.Problem(detail: $"This Idempotency-Key was used for {record.Method} {record.Path}; use a new key for a different request.",
                statusCode: 422, title: "Idempotency-Key reused.");
        if (record.StatusCode == 0) return Problems.Conflict("A request with this Idempotency-Key is still being handled.");
        return new ReplayResult(record.StatusCode, record.Body, record.ContentType, record.Location);
    }

    private async Task ForgetAsync(string id)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        await db.IdempotencyRecords.Where(r => r.Id == id).ExecuteDeleteAsync();
    }

    // Runs the result against a buffer to learn the status and body it will send.
    private static async Task<(int Status, string? Body, string? ContentType, string? Location)> CaptureAsync(object? result, HttpContext http)
    {
        if (result is not IResult iresult) return (200, JsonSerializer.Serialize(result, JsonBody.Options), "application/json", null);
        var probe = new DefaultHttpContext { RequestServices = http.RequestServices };
        probe.Response.Body = new MemoryStream();
        await iresult.ExecuteAsync(probe);
        probe.Response.Body.Position = 0;
        var body = await new StreamReader(probe.Response.Body).ReadToEndAsync();
        var location = probe.Response.Headers.Location.ToString();
        return (probe.Response.StatusCode, body, probe.Response.ContentType, location.Length == 0 ? null : location);
    }

    private sealed class ReplayResult(int status, string? body, string? contentType, string? location) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = status;
            httpContext.Response.Headers["Idempotent-Replayed"] = "true";
            if (contentType is not null) httpContext.Response.ContentType = contentType;
            if (location is not null) httpContext.Response.Headers.Location = location;
            if (body is not null) await httpContext.Response.WriteAsync(body);
        }
    }
}
