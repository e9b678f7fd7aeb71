using System.Net.Http.Headers;
using Grok2Api.Proxy.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Grok2Api.Proxy.Tests.Http;

public sealed class BoundedBodyTests
{
    private const int Limit = 100;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(0, true)]
    [InlineData(0, false)]
    [InlineData(Limit - 1, true)]
    [InlineData(Limit - 1, false)]
    [InlineData(Limit, true)]
    [InlineData(Limit, false)]
    public async Task ReadAsync_ContentUpToTheLimit_ExactBody(int length, bool declared)
    {
        var bytes = Bytes(length);

        var (body, tooLarge) = await BoundedBody.ReadAsync(Content(bytes, declared), Limit, Ct);

        Assert.False(tooLarge);
        Assert.Equal(bytes, body);
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthOverTheLimit_RefusedWithoutReading()
    {
        var stream = new TrickleStream(Bytes(Limit + 1));
        var content = new StreamContent(stream);
        content.Headers.ContentLength = Limit + 1;

        var (body, tooLarge) = await BoundedBody.ReadAsync(content, Limit, Ct);

        Assert.True(tooLarge);
        Assert.Empty(body);
        Assert.Equal(0, stream.Served);
    }

    [Fact]
    public async Task ReadAsync_ChunkedOverTheLimit_TooLargeWithTheFirstBytes()
    {
        var bytes = Bytes(Limit * 3);

        var (body, tooLarge) = await BoundedBody.ReadAsync(Content(bytes, declared: false), Limit, Ct);

        Assert.True(tooLarge);
        Assert.Equal(bytes[..Limit], body);
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthTooShort_StopsAtTheLimitAnyway()
    {
        var bytes = Bytes(Limit + 50);

        var result = await BoundedBody.ReadAsync(new TrickleStream(bytes), declaredLength: 10, Limit, Ct);

        Assert.True(result.TooLarge);
        Assert.Equal(bytes[..Limit], result.Body);
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthTooLong_ExactBody()
    {
        var bytes = Bytes(30);

        var result = await BoundedBody.ReadAsync(new TrickleStream(bytes), declaredLength: 90, Limit, Ct);

        Assert.False(result.TooLarge);
        Assert.Equal(bytes, result.Body);
    }

    [Fact]
    public async Task ReadAsync_LargeChunkedBody_GrowsToTheEnd()
    {
        var bytes = Bytes(200_000);

        var (body, tooLarge) = await BoundedBody.ReadAsync(Content(bytes, declared: false), 1_000_000, Ct);

        Assert.False(tooLarge);
        Assert.Equal(bytes, body);
    }

    [Theory]
    [InlineData(Limit - 1, true)]
    [InlineData(Limit, false)]
    [InlineData(Limit + 1, true)]
    [InlineData(Limit * 5, false)]
    public async Task ReadStartAsync_AnyLength_AtMostTheLimit(int length, bool declared)
    {
        var bytes = Bytes(length);

        var start = await BoundedBody.ReadStartAsync(Content(bytes, declared), Limit, Ct);

        Assert.Equal(bytes[..Math.Min(length, Limit)], start);
    }

    [Theory]
    [InlineData(0, true)]
    [InlineData(Limit, true)]
    [InlineData(Limit, false)]
    public async Task ReadAsync_RequestUpToTheLimit_Body(int length, bool declared)
    {
        var bytes = Bytes(length);
        var context = Request(bytes, declared, out var size);

        var body = await BoundedBody.ReadAsync(context.Request, Limit, Ct);

        Assert.Equal(bytes, body);
        Assert.Equal(Limit, size.MaxRequestBodySize);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ReadAsync_RequestOverTheLimit_Null(bool declared)
    {
        var context = Request(Bytes(Limit + 1), declared, out _);

        Assert.Null(await BoundedBody.ReadAsync(context.Request, Limit, Ct));
    }

    private static byte[] Bytes(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        return bytes;
    }

    private static StreamContent Content(byte[] bytes, bool declared)
    {
        var content = new StreamContent(new TrickleStream(bytes));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        content.Headers.ContentLength = declared ? bytes.Length : null;
        return content;
    }

    private static DefaultHttpContext Request(byte[] bytes, bool declared, out SizeFeature size)
    {
        var context = new DefaultHttpContext();
        context.Request.Body = new TrickleStream(bytes);
        context.Request.ContentLength = declared ? bytes.Length : null;
        size = new SizeFeature();
        context.Features.Set<IHttpMaxRequestBodySizeFeature>(size);
        return context;
    }

    internal sealed class SizeFeature : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; }
    }

    /// <summary>A forward-only stream that serves at most 7 bytes a read, like a chunked body arriving in pieces.</summary>
    private sealed class TrickleStream(byte[] bytes) : Stream
    {
        public int Served { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(Math.Min(buffer.Length, 7), bytes.Length - Served);
            bytes.AsSpan(Served, n).CopyTo(buffer);
            Served += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
