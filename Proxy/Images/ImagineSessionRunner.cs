using System.Buffers.Text;
using System.Net.WebSockets;
using System.Threading.Channels;
using Grok2Api.Transforms.Buffers;
using Grok2Api.Transforms.Grok.Imagine;

namespace Grok2Api.Proxy.Images;

/// <summary>
/// Runs one Imagine session on an open socket (docs/grok-protocol.md §14): sends the one message, then
/// reads messages into one pooled buffer (a message is held once, while it is read; an escaped blob is
/// unescaped into a second one), tells the stages
/// apart, and hands the images the request needs to the exchange as <see cref="ImagineEvent"/>s. It
/// ends when enough finals came, the socket closed, an error message came, or a wait ran out:
/// <c>image.stream_timeout</c> of silence, <c>image.final_timeout</c> after a medium image with no
/// final (the prompt is taken as blocked), or <see cref="ImagineLimits.IdleAfterFinal"/> of silence
/// once a final came. Every wait uses the <see cref="TimeProvider"/>. Not thread-safe; one per session.
/// </summary>
internal sealed class ImagineSessionRunner(
    WebSocket socket,
    ImagineCollector collector,
    int placeOffset,
    bool reportPartials,
    bool partialData,
    bool decode,
    ImagineStageThresholds thresholds,
    TimeSpan silenceLimit,
    TimeSpan finalLimit,
    TimeProvider time)
{
    private const int ReceiveChunk = 64 * 1024;

    /// <summary>Sends the session's one message.</summary>
    /// <param name="message">The message of <see cref="ImagineMessageBuilder"/>.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    public ValueTask SendAsync(byte[] message, CancellationToken cancellationToken) =>
        socket.SendAsync(message.AsMemory(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);

    /// <summary>Reads the session to its end.</summary>
    /// <param name="events">Where images (and activity) go.</param>
    /// <param name="cancellationToken">The request's limits (client gone, <c>image.timeout</c>).</param>
    public async Task<ImagineSessionEnd> RunAsync(ChannelWriter<ImagineEvent> events, CancellationToken cancellationToken)
    {
        using var buffer = new PooledBuffer(ReceiveChunk);
        using var scratch = new PooledBuffer(ReceiveChunk);
        var lastData = time.GetTimestamp();
        long? lastMedium = null;
        long? lastFinal = null;
        while (!collector.Done)
        {
            var (wait, reason) = NextWait(lastData, lastMedium, lastFinal);
            if (wait <= TimeSpan.Zero)
            {
                return End(reason);
            }

            buffer.Clear();
            WebSocketMessageType type;
            using (var limit = new CancellationTokenSource(wait, time))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, limit.Token))
            {
                try
                {
                    type = await ReceiveMessageAsync(buffer, linked.Token);
                }
                catch (OperationCanceledException) when (limit.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
                {
                    return End(reason);
                }
                catch (WebSocketException) when (!cancellationToken.IsCancellationRequested)
                {
                    return End(new UpstreamFailure(UpstreamFailureKind.Network, "the Imagine WebSocket broke") { Status = 200 });
                }
            }

            if (type == WebSocketMessageType.Close)
            {
                return End(null);
            }

            if (buffer.Length > ImagineLimits.MaxMessageBytes)
            {
                return End(new UpstreamFailure(UpstreamFailureKind.ResponseTooLarge, "an Imagine message was larger than 8 MB") { Status = 200 });
            }

            lastData = time.GetTimestamp();
            if (type != WebSocketMessageType.Text)
            {
                await events.WriteAsync(ImagineEvent.Activity, cancellationToken);
                continue;
            }

            var frame = ImagineMessageReader.Read(buffer.WrittenMemory, thresholds, scratch);
            switch (frame.Kind)
            {
                case ImagineFrameKind.Error:
                    return End(ImagineErrors.ToFailure(frame.ErrorCode, frame.ErrorMessage));
                case ImagineFrameKind.Status when frame.Status == "completed":
                    return End(null);
                case ImagineFrameKind.Image:
                    if (frame.Stage == GeneratedImageStage.Medium)
                    {
                        lastMedium = lastData;
                    }

                    var image = Take(frame);
                    if (frame.Stage == GeneratedImageStage.Final && image is not null)
                    {
                        lastFinal = lastData;
                    }

                    await events.WriteAsync(image ?? ImagineEvent.Activity, cancellationToken);
                    break;
                default:
                    await events.WriteAsync(ImagineEvent.Activity, cancellationToken);
                    break;
            }
        }

        return new ImagineSessionEnd(collector.Finals, 0, null);
    }

    // The image event for a frame the request needs, its bytes copied out of the reused buffer once.
    private ImagineEvent? Take(ImagineFrame frame)
    {
        var place = collector.Accept(frame.ImageId!, frame.Stage);
        if (place < 0 || (frame.Stage != GeneratedImageStage.Final && !reportPartials))
        {
            return null;
        }

        ReadOnlyMemory<byte> data;
        if (frame.Stage != GeneratedImageStage.Final && !partialData)
        {
            data = ReadOnlyMemory<byte>.Empty;
        }
        else if (decode)
        {
            var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(frame.Blob.Length)];
            if (Base64.DecodeFromUtf8(frame.Blob.Span, bytes, out _, out var written) != System.Buffers.OperationStatus.Done)
            {
                return null;
            }

            data = bytes.AsMemory(0, written);
        }
        else
        {
            data = frame.Blob.ToArray();
        }

        return new ImagineEvent
        {
            Place = placeOffset + place,
            Id = frame.ImageId!,
            MediaType = frame.MediaType,
            Stage = frame.Stage,
            Data = data,
            Decoded = decode,
        };
    }

    private async Task<WebSocketMessageType> ReceiveMessageAsync(PooledBuffer buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(ReceiveChunk), cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return WebSocketMessageType.Close;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage || buffer.Length > ImagineLimits.MaxMessageBytes)
            {
                return result.MessageType;
            }
        }
    }

    // The nearest of the three waits, and what it means when it runs out.
    private (TimeSpan Wait, UpstreamFailure Reason) NextWait(long lastData, long? lastMedium, long? lastFinal)
    {
        var wait = silenceLimit - time.GetElapsedTime(lastData);
        var reason = new UpstreamFailure(UpstreamFailureKind.Stalled, $"no Imagine data for {silenceLimit.TotalSeconds:0.###} s") { Status = 200 };
        if (collector.MediumWithoutFinal && lastMedium is { } medium && (lastFinal is null || lastFinal < medium))
        {
            var finalWait = finalLimit - time.GetElapsedTime(medium);
            if (finalWait < wait)
            {
                wait = finalWait;
                reason = new UpstreamFailure(
                    UpstreamFailureKind.ContentBlocked,
                    $"medium images came but no final image within image.final_timeout ({finalLimit.TotalSeconds:0.###} s): the prompt was blocked");
            }
        }

        if (lastFinal is not null)
        {
            var idleWait = ImagineLimits.IdleAfterFinal - time.GetElapsedTime(lastData);
            if (idleWait < wait)
            {
                wait = idleWait;
                reason = new UpstreamFailure(UpstreamFailureKind.EmptyAnswer, $"the Imagine session went quiet after {collector.Finals} images");
            }
        }

        return (wait, reason);
    }

    private ImagineSessionEnd End(UpstreamFailure? reason) =>
        collector.Done
            ? new ImagineSessionEnd(collector.Finals, 0, null)
            : new ImagineSessionEnd(collector.Finals, collector.Missing, reason ?? new UpstreamFailure(
                UpstreamFailureKind.EmptyAnswer, $"the Imagine session ended after {collector.Finals} of {collector.Finals + collector.Missing} images"));
}
