namespace CrmWorkflow.Web.Api;

/// <summary>
/// Refuses request bodies over the limit (Api:MaxBodyBytes, 1 MB by default) with a 413
/// ProblemDetails, whether the size is declared up front or only found while reading.
/// </summary>
public sealed class BodySizeLimit(RequestDelegate next, IConfiguration configuration)
{
    private readonly long _limit = configuration.GetValue("Api:MaxBodyBytes", 1024L * 1024);

    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength > _limit)
        {
            await TooLarge(context);
            return;
        }
        if (context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            feature.MaxRequestBodySize = _limit;
        context.Request.Body = new LimitedStream(context.Request.Body, _limit);
        try
        {
            await next(context);
        }
        catch (BodyTooLargeException) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            await TooLarge(context);
        }
    }

    private Task TooLarge(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        return Results.Problem(detail: $"The request body is larger than {_limit:N0} bytes.", statusCode: 413, title: "Request body too large.")
            .ExecuteAsync(context);
    }

    private sealed class BodyTooLargeException : IOException;

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));
        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Count(await inner.ReadAsync(buffer, ct));
        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            Count(await inner.ReadAsync(buffer.AsMemory(offset, count), ct));
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int n)
        {
            _read += n;
            if (_read > limit) throw new BodyTooLargeException();
            return n;
        }
    }
}
