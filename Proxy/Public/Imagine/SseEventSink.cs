using System.Buffers;
namespace Grok2Api.Proxy.Public.Imagine;

/// <summary>
/// Data-only SSE events (<c>data: {...}</c>) into the response; the headers are sent with the first event.
/// A write once begun is cancelled only when the client leaves: Kestrel aborts the connection when a
/// flush is cancelled, and a stopped loop still sends its final event. Not thread-safe.
/// </summary>
internal sealed class SseEventSink(HttpResponse response, CancellationToken clientGone) : IPublicEventSink
{
    public async ValueTask SendAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!response.HasStarted)
        {
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
        }

        var writer = response.BodyWriter;
        writer.Write("data: "u8);
        writer.Write(json.Span);
        writer.Write("\n\n"u8);
        await writer.FlushAsync(clientGone);
    }
}
