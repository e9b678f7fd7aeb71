using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Grok2Api.Proxy.Images;
using Grok2Api.Transforms.Conversations;
using Grok2Api.Transforms.Grok.Imagine;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Proxy.Tests.Images;

/// <summary>
/// One Imagine session read by <see cref="ImagineSessionRunner"/> from a real client WebSocket over
/// recorded server frames, with fake time: the three waits (silence, a final after a medium, idle after
/// a final), error messages, an early close, and the images handed over once.
/// </summary>
public sealed class ImagineSessionRunnerTests
{
    private static readonly TimeSpan Silence = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FinalWait = TimeSpan.FromSeconds(5);
    private static readonly byte[] Final = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 4, 5, 6];

    [Fact]
    public async Task MediumsThenSilence_FinalWaitRunsOut_Blocked()
    {
        var time = new FakeTimeProvider();
        var (runner, events, socket) = Start(time, wanted: 2, hangAtEnd: true, Image("a", 'p'), Image("b", 'p'), Image("a", 'm'), Image("b", 'm'));

        var run = runner.RunAsync(events.Writer, TestContext.Current.CancellationToken);
        await ReadAsync(events, 4);
        var end = await AdvanceUntilAsync(time, FinalWait, run);

        Assert.Equal(UpstreamFailureKind.ContentBlocked, end.Failure?.Kind);
        Assert.Equal((0, 2), (end.Finals, end.Missing));
        socket.Dispose();
    }

    [Fact]
    public async Task PreviewsThenSilence_StreamTimeoutRunsOut_Stalled()
    {
        var time = new FakeTimeProvider();
        var (runner, events, socket) = Start(time, wanted: 1, hangAtEnd: true, Image("a", 'p'));

        var run = runner.RunAsync(events.Writer, TestContext.Current.CancellationToken);
        await ReadAsync(events, 1);
        var end = await AdvanceUntilAsync(time, Silence, run);

        Assert.Equal(UpstreamFailureKind.Stalled, end.Failure?.Kind);
        socket.Dispose();
    }

    [Fact]
    public async Task OneFinalThenSilence_IdleAfterFinal_EndsWithWhatItHas()
    {
        var time = new FakeTimeProvider();
        var (runner, events, socket) = Start(time, wanted: 2, hangAtEnd: true, Image("a", 'p'), Image("b", 'p'), Image("a", 'f'));

        var run = runner.RunAsync(events.Writer, TestContext.Current.CancellationToken);
        var got = await ReadAsync(events, 3);
        var end = await AdvanceUntilAsync(time, ImagineLimits.IdleAfterFinal, run);

        Assert.Equal((1, 1, UpstreamFailureKind.EmptyAnswer), (end.Finals, end.Missing, end.Failure?.Kind));
        var image = Assert.Single(got, e => e.Place >= 0);
        Assert.Equal(("a", 4, GeneratedImageStage.Final, true), (image.Id, image.Place, image.Stage, image.Decoded));
        Assert.Equal(Final, image.Data.ToArray());
        socket.Dispose();
    }

    [Fact]
    public async Task EnoughFinals_EndsAtOnce_ImagesHandedOverOnceEach()
    {
        var time = new FakeTimeProvider();
        var (runner, events, socket) = Start(time, wanted: 2, hangAtEnd: true,
            Image("a", 'p'), Image("b", 'p'), Image("a", 'f'), Image("a", 'f'), Image("b", 'f'));

        var end = await runner.RunAsync(events.Writer, TestContext.Current.CancellationToken);
        events.Writer.Complete();

        Assert.Equal((2, 0), (end.Finals, end.Missing));
        Assert.Null(end.Failure);
        var images = new List<ImagineEvent>();
        await foreach (var e in events.Reader.ReadAllAsync(TestContext.Current.CancellationToken))
        {
            if (e.Place >= 0)
            {
                images.Add(e);
            }
        }

        Assert.Equal([4, 5], images.Select(i => i.Place));
        socket.Dispose();
    }

    [Fact]
    public async Task ErrorMessage_EndsWithItsFailure()
    {
        var time = new FakeTimeProvider();
        var error = new JsonObject { ["type"] = "error", ["err_code"] = "rate_limit_exceeded", ["err_msg"] = "slow down" };
        var (runner, events, socket) = Start(time, wanted: 1, hangAtEnd: true, Image("a", 'p'), error);

        var end = await runner.RunAsync(events.Writer, TestContext.Current.CancellationToken);

        Assert.Equal(UpstreamFailureKind.RateLimited, end.Failure?.Kind);
        socket.Dispose();
    }

    [Fact]
    public async Task CloseBeforeEnoughFinals_EmptyAnswerWithTheCount()
    {
        var time = new FakeTimeProvider();
        var (runner, events, socket) = Start(time, wanted: 3, hangAtEnd: false, Image("a", 'f'));

        var end = await runner.RunAsync(events.Writer, TestContext.Current.CancellationToken);

        Assert.Equal((1, 2, UpstreamFailureKind.EmptyAnswer), (end.Finals, end.Missing, end.Failure?.Kind));
        Assert.Contains("1 of 3", end.Failure!.Detail, StringComparison.Ordinal);
        socket.Dispose();
    }

    private static (ImagineSessionRunner Runner, Channel<ImagineEvent> Events, WebSocket Socket) Start(
        FakeTimeProvider time, int wanted, bool hangAtEnd, params JsonObject[] messages)
    {
        var socket = WebSocket.CreateFromStream(new ScriptedStream(Record(messages, close: !hangAtEnd)), new WebSocketCreationOptions { IsServer = false });
        var runner = new ImagineSessionRunner(
            socket, new ImagineCollector(wanted, placesOnFirstSight: false), placeOffset: 4, reportPartials: false, partialData: false, decode: true,
            new ImagineStageThresholds(100, 1000), Silence, FinalWait, time);
        return (runner, Channel.CreateUnbounded<ImagineEvent>(), socket);
    }

    // 'p' preview (short PNG text), 'm' medium (between the thresholds), 'f' final (a JPEG URL).
    private static JsonObject Image(string id, char stage) => new()
    {
        ["type"] = "image",
        ["url"] = $"https://assets.example/images/{id}{(stage == 'f' ? ".jpg" : ".png")}",
        ["blob"] = stage switch
        {
            'p' => "iVBORw0KGgo" + new string('A', 20),
            'm' => "iVBORw0KGgo" + new string('A', 200),
            _ => Convert.ToBase64String(Final),
        },
    };

    private static async Task<List<ImagineEvent>> ReadAsync(Channel<ImagineEvent> events, int count)
    {
        var got = new List<ImagineEvent>();
        while (got.Count < count)
        {
            got.Add(await events.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken));
        }

        return got;
    }

    private static async Task<ImagineSessionEnd> AdvanceUntilAsync(FakeTimeProvider time, TimeSpan step, Task<ImagineSessionEnd> run)
    {
        for (var i = 0; i < 200 && !run.IsCompleted; i++)
        {
            time.Advance(step);
            await Task.WhenAny(run, Task.Delay(20, TestContext.Current.CancellationToken));
        }

        return await run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
    }

    private static byte[] Record(JsonObject[] messages, bool close)
    {
        var wire = new MemoryStream();
        using var server = WebSocket.CreateFromStream(wire, new WebSocketCreationOptions { IsServer = true });
        foreach (var message in messages)
        {
            server.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, CancellationToken.None).GetAwaiter().GetResult();
        }

        if (close)
        {
            server.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None).GetAwaiter().GetResult();
        }

        return wire.ToArray();
    }

    /// <summary>Reads the recorded server bytes, then waits (until cancelled) as a silent server does; writes are dropped.</summary>
    private sealed class ScriptedStream(byte[] recorded) : Stream
    {
        private int _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => recorded.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position >= recorded.Length)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }

            var n = Math.Min(buffer.Length, recorded.Length - _position);
            recorded.AsSpan(_position, n).CopyTo(buffer.Span);
            _position += n;
            return n;
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
