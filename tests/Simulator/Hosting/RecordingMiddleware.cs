using Grok2Api.Simulator.Auth;
using Grok2Api.Simulator.Recording;
using Microsoft.AspNetCore.Http;

namespace Grok2Api.Simulator.Hosting;

/// <summary>
/// Records every upstream request (headers, body, token, timing) and notices client aborts through
/// <see cref="HttpContext.RequestAborted"/>. The body is read here in full and replayed to the endpoint.
/// </summary>
internal sealed class RecordingMiddleware(RequestDelegate next, SimulatorState state)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(UpstreamPaths.ControlPrefix, StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }

        var request = context.Request;
        var cookie = SsoCookie.Parse(request.Headers.Cookie.ToString());
        var record = state.Recorder.Begin(new RecordedRequest
        {
            Id = 0,
            Method = request.Method,
            Path = request.Path.Value ?? "/",
            Query = request.QueryString.Value ?? string.Empty,
            Headers = request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            Body = ReadOnlyMemory<byte>.Empty,
            Token = cookie?.Token,
            CfClearance = cookie?.CfClearance,
            StartedAt = state.Time.GetUtcNow(),
        });
        context.Features.Set(record);

        using var registration = context.RequestAborted.Register(() => state.Recorder.MarkAborted(record));
        try
        {
            var body = await ReadBodyAsync(request, context.RequestAborted);
            if (body is null)
            {
                return;
            }

            state.Recorder.Update(record, r => r with { Body = body });
            request.Body = new MemoryStream(body, writable: false);
            await next(context);
        }
        finally
        {
            // The abort's own callback may run after this: cancelling RequestAborted can run the handler's
            // continuation (a stall's wait ending) to this point first, inline. Mark it here too, so a request
            // the client left is never recorded as merely completed.
            if (context.RequestAborted.IsCancellationRequested)
            {
                state.Recorder.MarkAborted(record);
            }

            state.Recorder.End(record, context.Response.StatusCode);
        }
    }

    /// <summary>The whole body, or null when the client went away while sending it.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or BadHttpRequestException)
        {
            return null;
        }

        return buffer.ToArray();
    }
}
