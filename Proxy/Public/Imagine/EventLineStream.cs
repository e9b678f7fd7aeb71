using System.Buffers;

namespace Grok2Api.Proxy.Public.Imagine;

/// <summary>
/// The response body of one Imagine round: the round's writer writes one JSON event per line, and
/// every complete line goes to the sink as it is written, so a slow client slows the round down
/// (nothing piles up). Write-only; not thread-safe.
/// </summary>
internal sealed class EventLineStream(IPublicEventSink sink) : Stream
{
    private readonly ArrayBufferWriter<byte> _line = new();

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var end = buffer.Span.IndexOf((byte)'\n');
            if (end < 0)
            {
                _line.Write(buffer.Span);
                return;
            }

            _line.Write(buffer.Span[..end]);
            buffer = buffer[(end + 1)..];
            if (_line.WrittenCount > 0)
            {
                await sink.SendAsync(_line.WrittenMemory, cancellationToken);
                _line.ResetWrittenCount();
            }
        }
    }
}
