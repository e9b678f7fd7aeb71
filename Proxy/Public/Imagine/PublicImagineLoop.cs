using Grok2Api.Proxy.Images;
using System.Net.WebSockets;
using System.Security.Cryptography;

namespace Grok2Api.Proxy.Public.Imagine;

/// <summary>
/// The public Imagine loop: one generation round after another (six images each, every stage sent as
/// it comes, base64), each round through the <see cref="UpstreamPipeline"/> like any image generation
/// (an account leased and charged per round). A round that finds no account is reported as
/// <c>rate_limit_exceeded</c> and followed by a 2 s pause; any other failure as <c>upstream_error</c>
/// and a 1.5 s pause. The loop ends when its session is stopped, its time-to-live passes or the client
/// leaves; the last event is always <c>stopped</c> (unless the client is gone). Thread-safe; one
/// instance serves every loop.
/// </summary>
internal sealed partial class PublicImagineLoop(
    ImagineGenerations generations,
    UpstreamPipeline pipeline,
    TimeProvider time,
    ILogger<PublicImagineLoop> logger)
{
    /// <summary>Images per round, as the original asked for.</summary>
    public const int ImagesPerRound = 6;

    /// <summary>The pause after a round that found no account.</summary>
    public static readonly TimeSpan NoAccountPause = TimeSpan.FromSeconds(2);

    /// <summary>The pause after a round that failed otherwise.</summary>
    public static readonly TimeSpan FailurePause = TimeSpan.FromSeconds(1.5);

    private static readonly TimeSpan FinalEventLimit = TimeSpan.FromSeconds(5);

    /// <summary>Runs the loop to its end.</summary>
    /// <param name="spec">What to generate.</param>
    /// <param name="sink">Where the events go.</param>
    /// <param name="expires">When the session's time-to-live passes.</param>
    /// <param name="stopped">Fires when the session is stopped.</param>
    /// <param name="clientGone">Fires when the client leaves.</param>
    public async Task RunAsync(PublicImagineSpec spec, IPublicEventSink sink, DateTimeOffset expires, CancellationToken stopped, CancellationToken clientGone)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(sink);
        var left = expires - time.GetUtcNow();
        using var ttl = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopped, clientGone, ttl.Token);
        var token = linked.Token;
        string? runId = null;
        try
        {
            while (!token.IsCancellationRequested)
            {
                runId = "run_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                await sink.SendAsync(PublicImagineEvents.Running(spec, runId), token);
                var outcome = await RoundAsync(spec, runId, sink, token);
                if (outcome.Status is PipelineStatus.Succeeded or PipelineStatus.ClientAborted || token.IsCancellationRequested)
                {
                    continue;
                }

                var failure = outcome.Failure ?? new UpstreamFailure(UpstreamFailureKind.EmptyAnswer, "the round produced nothing");
                var noAccount = failure.Kind == UpstreamFailureKind.NoAccount;
                Log.RoundFailed(logger, runId, failure.Tag, failure.Detail);
                await sink.SendAsync(
                    PublicImagineEvents.Error(noAccount ? "rate_limit_exceeded" : "upstream_error", noAccount ? "No account is available right now; retrying shortly." : failure.Detail, runId),
                    token);
                await Task.Delay(noAccount ? NoAccountPause : FailurePause, time, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopped, expired or gone: the final event below.
        }
        catch (Exception ex) when (ex is IOException or WebSocketException)
        {
            return;
        }

        if (clientGone.IsCancellationRequested)
        {
            return;
        }

        try
        {
            using var limit = new CancellationTokenSource(FinalEventLimit, time);
            using var final = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, clientGone);
            await sink.SendAsync(PublicImagineEvents.Stopped(runId), final.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or WebSocketException)
        {
            // The client is gone: nobody to tell.
        }
    }

    // One round: an image generation of six through the pipeline, written to the sink as it comes.
    private async Task<PipelineOutcome> RoundAsync(PublicImagineSpec spec, string runId, IPublicEventSink sink, CancellationToken cancellationToken)
    {
        var model = GrokModelCatalog.TryGet(ImageGenerationRequestReader.Model, out var info)
            ? info
            : throw new InvalidOperationException("grok-imagine-1.0 is missing from the model catalog.");
        var options = new ImageRequestOptions(ImagesPerRound, ImageSizes.SizeOf(spec.AspectRatio), spec.AspectRatio, ImageResponseFormat.Base64, Stream: true);
        var request = generations.Request(spec.Prompt, options, ImagineProgress.Images);
        if (spec.Nsfw is { } nsfw)
        {
            request = request with { Nsfw = nsfw };
        }

        await using var body = new EventLineStream(sink);
        var round = new DefaultHttpContext { RequestAborted = cancellationToken };
        round.Response.Body = body;
        return await pipeline.RunAsync(round, generations.Plan(model, request, new PublicImagineSurface(runId)));
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.PublicImagineRoundFailed, Level = LogLevel.Information, Message = "Public Imagine round {RunId} failed: {Kind} ({Detail})")]
        public static partial void RoundFailed(ILogger logger, string runId, string kind, string detail);
    }
}
