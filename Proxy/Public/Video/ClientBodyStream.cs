namespace Grok2Api.Proxy.Public.Video;

/// <summary>
/// The body of a video run's own context: passes every write and flush on to the real response,
/// cancelled only when the client leaves. The run's context is cancelled by a stop as well, and
/// Kestrel would abort the connection if a flush of the real response were cancelled; so a stop ends
/// the generation but not the connection, which still gets its final events. Write-only.
/// </summary>
internal sealed class ClientBodyStream(Stream inner, CancellationToken clientGone) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => throw new NotSupportedException();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(clientGone);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.WriteAsync(buffer.AsMemory(offset, count), clientGone).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.WriteAsync(buffer, clientGone);
}
