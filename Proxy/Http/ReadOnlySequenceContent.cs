using System.Buffers;
using System.Net;

namespace Grok2Api.Proxy.Http;

/// <summary>An HTTP request body written from the pieces of a <see cref="ReadOnlySequence{T}"/>, never joined into one array.</summary>
/// <param name="body">The body; kept unchanged until the request is sent.</param>
internal sealed class ReadOnlySequenceContent(ReadOnlySequence<byte> body) : HttpContent
{
    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        foreach (var piece in body)
        {
            await stream.WriteAsync(piece, cancellationToken);
        }
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override void SerializeToStream(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        foreach (var piece in body)
        {
            stream.Write(piece.Span);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = body.Length;
        return true;
    }
}
