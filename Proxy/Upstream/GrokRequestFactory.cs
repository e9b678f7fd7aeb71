using System.Buffers;
using System.Net;

namespace Grok2Api.Proxy.Upstream;

/// <summary>Creates the HttpRequestMessage of one attempt; every attempt of a call gets the same headers.</summary>
internal static class GrokRequestFactory
{
    public static HttpRequestMessage Create(PreparedGrokCall call, ReadOnlySequence<byte>? body)
    {
        var request = new HttpRequestMessage(call.Endpoint.Method, call.RequestUri)
        {
            // HTTP/2 over TLS like a browser; plain http (the simulator) falls back to HTTP/1.1.
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        };
        foreach (var (name, value) in call.Headers.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        // The browser client sends Content-Type even on GET and DELETE (docs/grok-protocol.md §2.3, §2.7); in .NET it lives on
        // the content, so body-less calls get an empty one.
        HttpContent content = body switch
        {
            null => new ByteArrayContent([]),
            { IsSingleSegment: true } one => new ReadOnlyMemoryContent(one.First),
            { } pieces => new ReadOnlySequenceContent(pieces),
        };
        content.Headers.TryAddWithoutValidation("Content-Type", call.Headers.ContentType);
        request.Content = content;
        return request;
    }
}
