using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using BenchmarkDotNet.Attributes;
using Grok2Api.Proxy.Images;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Imagine;
using Grok2Api.Transforms.OpenAi.Images;

namespace Grok2Api.Benchmarks.Images;

/// <summary>
/// The gateway's side of an n = 8 image generation, from WebSocket frames to the client's answer: two
/// Imagine sessions read at once by <see cref="ImagineSessionRunner"/> (6 and 2 images wanted), each
/// session's messages being 6 previews (4,000 base64 characters), 6 medium images (40,000) and 6 finals
/// (106,668, JPEG), as the simulator sends them; the images go through <see cref="GeneratedImage"/> into
/// one JSON answer of <see cref="ImageAnswerWriter"/>. <c>B64Json</c> keeps each final's base64 text
/// (the one copy) until the answer is written; <c>Url</c> decodes each final to its bytes (the media
/// cache's write to disk is left out). The socket bytes are recorded once and replayed, so the socket
/// is the real client WebSocket over an in-memory stream.
/// </summary>
[MemoryDiagnoser]
public class ImagineGenerationBenchmarks
{
    private const int Count = 8;

    // Base64 as a server writes it: '+' and '/' not escaped.
    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ArrayBufferWriter<byte> _answer = new(2 * 1024 * 1024);
    private byte[][] _sessions = [];

    /// <summary>How the images go back.</summary>
    [Params(ImageResponseFormat.Base64, ImageResponseFormat.Url)]
    public ImageResponseFormat Format { get; set; }

    [GlobalSetup]
    public void Setup() => _sessions = [Record(0), Record(1)];

    [Benchmark]
    public async Task<int> GenerateEight()
    {
        _answer.ResetWrittenCount();
        using var writer = new ImageAnswerWriter(new ImageAnswerOptions { Model = "grok-imagine-1.0", Created = 1, Requested = Count, Prompt = "a red fox" }, _answer);
        var channel = Channel.CreateUnbounded<ImagineEvent>(new UnboundedChannelOptions { SingleReader = true });
        var sockets = new WebSocket[_sessions.Length];
        var runs = new Task<ImagineSessionEnd>[_sessions.Length];
        for (var i = 0; i < _sessions.Length; i++)
        {
            sockets[i] = WebSocket.CreateFromStream(new ReplayStream(_sessions[i]), new WebSocketCreationOptions { IsServer = false });
            var wanted = Math.Min(ImagineLimits.ImagesPerSession, Count - (i * ImagineLimits.ImagesPerSession));
            var runner = new ImagineSessionRunner(
                sockets[i], new ImagineCollector(wanted, placesOnFirstSight: false), i * ImagineLimits.ImagesPerSession, reportPartials: false, partialData: false,
                decode: Format == ImageResponseFormat.Url, ImagineStageThresholds.Default, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(10), TimeProvider.System);
            runs[i] = runner.RunAsync(channel.Writer, CancellationToken.None);
        }

        _ = Task.WhenAll(runs).ContinueWith(_ => channel.Writer.TryComplete(), TaskScheduler.Default);
        var delivered = 0;
        await foreach (var item in channel.Reader.ReadAllAsync())
        {
            if (item.Place < 0)
            {
                continue;
            }

            writer.GeneratedImage(item.Decoded
                ? GeneratedImage.WithUrl(item.Place, item.Id, item.MediaType, "http://gw/v1/files/image/imagine-" + item.Id + ".jpg")
                : GeneratedImage.WithBase64(item.Place, item.Id, item.MediaType, item.Data));
            delivered++;
        }

        writer.Complete();
        foreach (var socket in sockets)
        {
            socket.Dispose();
        }

        return delivered == Count ? _answer.WrittenCount : throw new InvalidOperationException($"{delivered} images");
    }

    // The server side of one session, as bytes on the wire: every image of the session through its three stages.
    private static byte[] Record(int session)
    {
        var wire = new MemoryStream();
        using var server = WebSocket.CreateFromStream(wire, new WebSocketCreationOptions { IsServer = true });
        var random = new Random(42 + session);
        var ids = Enumerable.Range(0, ImagineLimits.ImagesPerSession).Select(i => $"00000000-0000-4000-8000-{session:x6}{i:x6}").ToArray();
        foreach (var (size, extension) in new[] { (3_000, ".png"), (30_000, ".png"), (80_000, ".jpg") })
        {
            foreach (var id in ids)
            {
                var bytes = new byte[size];
                random.NextBytes(bytes);
                bytes[0] = extension == ".jpg" ? (byte)0xFF : (byte)0x89;
                var message = new JsonObject { ["type"] = "image", ["url"] = $"https://assets.example/images/{id}{extension}", ["blob"] = Convert.ToBase64String(bytes) };
                server.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString(Relaxed)), WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
            }
        }

        server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).GetAwaiter().GetResult();
        return wire.ToArray();
    }

    /// <summary>Reads recorded server bytes; whatever the client writes is dropped.</summary>
    private sealed class ReplayStream(byte[] recorded) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => recorded.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var n = Math.Min(buffer.Length, recorded.Length - _position);
            recorded.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.FromResult(Read(buffer, offset, count));

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => Task.CompletedTask;

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
