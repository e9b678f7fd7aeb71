namespace Grok2Api.Proxy.Pipeline;

/// <summary>
/// The response headers of an answer that has begun, the same for every protocol that answers over
/// HTTP (OpenAI, Anthropic): an SSE stream that no proxy buffers or caches, or one JSON document.
/// </summary>
internal static class AnswerHeaders
{
    /// <summary>Sets the content type (and, for a stream, the no-cache and no-buffering headers) for <paramref name="writer"/>.</summary>
    /// <param name="response">The response, not started yet.</param>
    /// <param name="writer">The attempt's writer.</param>
    public static void Write(HttpResponse response, AnswerWriter writer)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.Streams)
        {
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
        }
    }
}
