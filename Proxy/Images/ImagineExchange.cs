using System.Threading.Channels;
using Grok2Api.Transforms.Grok.Imagine;

namespace Grok2Api.Proxy.Images;

/// <summary>
/// Image generation over the Imagine WebSocket with one account (docs/adr/0006): opens
/// ⌈n / <see cref="ImagineLimits.ImagesPerSession"/>⌉ sessions at once, all handshakes before anything
/// else (a refused handshake, 429, 401 or 403, is returned before any output, so the pipeline moves to
/// another account in every mode), sends each its message, and reports images through the attempt's
/// writer as they come: stored in the media cache for <c>url</c>, base64 otherwise. A request that got
/// some images returns them and reports how many are missing (<see cref="AnswerWriter.ImagesMissing"/>);
/// one that got none returns the failure (a blocked prompt is <see cref="UpstreamFailureKind.ContentBlocked"/>).
/// One instance per request; the sessions write only to a channel that this exchange reads alone.
/// </summary>
internal sealed partial class ImagineExchange(
    ImagineRequest request,
    IImagineConnector connector,
    IMediaCache cache,
    TimeProvider time,
    ILogger logger) : IUpstreamExchange
{
    private static readonly TimeSpan CloseLimit = TimeSpan.FromSeconds(1);

    public string Name => "imagine_ws";

    public async ValueTask<UpstreamFailure?> RunAsync(UpstreamAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        using var overall = new CancellationTokenSource(request.Overall, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(attempt.Cancellation, overall.Token);
        var count = request.Options.Count;
        var connections = new ImagineConnection?[ImagineLimits.SessionsFor(count)];
        var progress = new Progress();
        try
        {
            return await RunCoreAsync(attempt, connections, progress, linked.Token);
        }
        catch (OperationCanceledException) when (overall.IsCancellationRequested && !attempt.Cancellation.IsCancellationRequested)
        {
            var timeout = new UpstreamFailure(
                UpstreamFailureKind.Timeout, $"the generation did not finish within image.timeout ({request.Overall.TotalSeconds:0.###} s)");
            return Finish(attempt, progress.Delivered, timeout);
        }
        finally
        {
            foreach (var connection in connections)
            {
                if (connection is not null)
                {
                    await connection.CloseAsync(time, CloseLimit);
                }
            }

            if (progress.Runs is { } runs)
            {
                // The sockets are gone: every session ends now; its outcome was already taken or no longer matters.
                await ((Task)Task.WhenAll(runs)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task<UpstreamFailure?> RunCoreAsync(UpstreamAttempt attempt, ImagineConnection?[] connections, Progress state, CancellationToken cancellationToken)
    {
        var options = request.Options;
        var connects = new Task<(ImagineConnection? Connection, UpstreamFailure? Failure)>[connections.Length];
        for (var i = 0; i < connects.Length; i++)
        {
            connects[i] = connector.ConnectAsync(attempt.Lease.Token, cancellationToken);
        }

        await ((Task)Task.WhenAll(connects)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        UpstreamFailure? refused = null;
        for (var i = 0; i < connects.Length; i++)
        {
            if (connects[i].IsCompletedSuccessfully)
            {
                var (connection, failure) = connects[i].Result;
                connections[i] = connection;
                refused = Worse(refused, failure);
            }
        }

        // A handshake that threw (cancelled) rethrows here, after every connection was kept for disposal.
        foreach (var connect in connects)
        {
            await connect;
        }

        if (refused is not null)
        {
            return refused;
        }

        var progress = request.Progress;
        var decode = options.Format == ImageResponseFormat.Url;
        var runners = new ImagineSessionRunner[connections.Length];
        for (var i = 0; i < runners.Length; i++)
        {
            var wanted = Math.Min(ImagineLimits.ImagesPerSession, options.Count - (i * ImagineLimits.ImagesPerSession));
            runners[i] = new ImagineSessionRunner(
                connections[i]!.Socket, new ImagineCollector(wanted, placesOnFirstSight: progress != ImagineProgress.None), i * ImagineLimits.ImagesPerSession,
                reportPartials: progress != ImagineProgress.None, partialData: progress == ImagineProgress.Images, decode, request.Thresholds, request.Silence, request.FinalWait, time);
            var message = ImagineMessageBuilder.Build(Guid.NewGuid(), request.Prompt, options.AspectRatio, request.Nsfw, time.GetUtcNow().ToUnixTimeMilliseconds());
            await runners[i].SendAsync(message, cancellationToken);
        }

        attempt.AnswerRequested();
        var channel = Channel.CreateUnbounded<ImagineEvent>(new UnboundedChannelOptions { SingleReader = true });
        var runs = new Task<ImagineSessionEnd>[runners.Length];
        for (var i = 0; i < runners.Length; i++)
        {
            runs[i] = runners[i].RunAsync(channel.Writer, cancellationToken);
        }

        state.Runs = runs;
        _ = Task.WhenAll(runs).ContinueWith(static (_, writer) => ((ChannelWriter<ImagineEvent>)writer!).TryComplete(), channel.Writer, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        UpstreamFailure? storeFailure = null;
        await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken))
        {
            attempt.Received();
            if (item.Place < 0)
            {
                continue;
            }

            if (!await ReportAsync(attempt, item, cancellationToken))
            {
                storeFailure ??= new UpstreamFailure(UpstreamFailureKind.Configuration, "an image could not be stored in the media cache");
                continue;
            }

            if (item.Stage == GeneratedImageStage.Final)
            {
                state.Delivered++;
            }
        }

        UpstreamFailure? reason = null;
        foreach (var run in runs)
        {
            var end = await run;
            if (end.Failure is { } failure)
            {
                Log.SessionEnded(logger, attempt.Lease.TokenId, end.Finals, end.Finals + end.Missing, failure.Tag, failure.Detail);
            }

            reason = Worse(reason, end.Failure);
        }

        return Finish(attempt, state.Delivered, reason ?? storeFailure);
    }

    // Reports one image; false when it could not be stored (it then counts as missing).
    private async Task<bool> ReportAsync(UpstreamAttempt attempt, ImagineEvent item, CancellationToken cancellationToken)
    {
        var writer = attempt.Writer;
        if (item.Stage != GeneratedImageStage.Final && item.Data.IsEmpty)
        {
            // A progress note: only a stream shows it.
            if (writer.Streams)
            {
                Begin(attempt);
                writer.ReasoningNote(System.Text.Encoding.UTF8.GetBytes(
                    $"image {item.Place + 1}: {(item.Stage == GeneratedImageStage.Preview ? "preview" : "medium quality")} received\n"));
                writer.EndBatch();
                await attempt.FlushAsync();
            }

            return true;
        }

        GeneratedImage image;
        if (item.Decoded)
        {
            string url;
            try
            {
                url = await cache.StoreAsync(MediaKind.Image, FileName(item), item.Data, attempt.Http.Request, cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Log.StoreFailed(logger, ex, item.Id);
                return false;
            }

            image = GeneratedImage.WithUrl(item.Place, item.Id, item.MediaType, url, item.Stage);
        }
        else
        {
            image = GeneratedImage.WithBase64(item.Place, item.Id, item.MediaType, item.Data, item.Stage);
        }

        if (writer.Streams)
        {
            Begin(attempt);
            writer.GeneratedImage(image);
            writer.EndBatch();
            await attempt.FlushAsync();
        }
        else if (image.IsFinal)
        {
            Begin(attempt);
            writer.GeneratedImage(image);
        }

        return true;
    }

    // The answer begins at its first output: the status and headers are decided, the writer opens it.
    private static void Begin(UpstreamAttempt attempt)
    {
        if (!attempt.Committed)
        {
            attempt.Commit();
            attempt.Writer.Begin();
        }
    }

    // Some images: they are the answer, with the count of the missing ones. None: the failure.
    private UpstreamFailure? Finish(UpstreamAttempt attempt, int delivered, UpstreamFailure? reason)
    {
        var count = request.Options.Count;
        if (delivered == 0)
        {
            var failure = reason ?? new UpstreamFailure(UpstreamFailureKind.EmptyAnswer, "the Imagine sessions ended without a final image");
            if (failure.Kind == UpstreamFailureKind.ContentBlocked)
            {
                Log.Blocked(logger, attempt.Lease.TokenId, failure.Detail);
            }

            return failure;
        }

        Begin(attempt);
        if (delivered < count)
        {
            var detail = reason?.Detail ?? "the upstream sent fewer images";
            Log.Incomplete(logger, attempt.Lease.TokenId, delivered, count, detail);
            attempt.Writer.ImagesMissing(count - delivered, detail);
        }
        else
        {
            Log.Generated(logger, attempt.Lease.TokenId, delivered);
        }

        attempt.Writer.Complete();
        return null;
    }

    // The failure that says most about the request: the account's own (another account may do better),
    // then a blocked prompt, then time limits, then anything else.
    private static UpstreamFailure? Worse(UpstreamFailure? current, UpstreamFailure? next)
    {
        if (next is null)
        {
            return current;
        }

        return current is null || Rank(next.Kind) > Rank(current.Kind) ? next : current;
    }

    private static int Rank(UpstreamFailureKind kind) => kind switch
    {
        UpstreamFailureKind.RateLimited or UpstreamFailureKind.Unauthorized or UpstreamFailureKind.Forbidden => 5,
        UpstreamFailureKind.ContentBlocked => 4,
        UpstreamFailureKind.Configuration => 3,
        UpstreamFailureKind.Timeout or UpstreamFailureKind.Stalled => 2,
        _ => 1,
    };

    private static string FileName(ImagineEvent item)
    {
        var extension = item.MediaType switch
        {
            "image/png" => "png",
            "image/webp" => "webp",
            _ => "jpg",
        };
        return item.Stage switch
        {
            GeneratedImageStage.Preview => $"imagine-{item.Id}-preview.{extension}",
            GeneratedImageStage.Medium => $"imagine-{item.Id}-medium.{extension}",
            _ => $"imagine-{item.Id}.{extension}",
        };
    }

    private sealed class Progress
    {
        public int Delivered { get; set; }

        public Task<ImagineSessionEnd>[]? Runs { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ImagineSessionFailed, Level = LogLevel.Information,
            Message = "Imagine session on token {TokenId} ended with {Finals} of {Wanted} images: {Kind} ({Detail})")]
        public static partial void SessionEnded(ILogger logger, string tokenId, int finals, int wanted, string kind, string detail);

        [LoggerMessage(EventId = EventIds.ImagineBlocked, Level = LogLevel.Information, Message = "Imagine prompt blocked on token {TokenId}: {Detail}")]
        public static partial void Blocked(ILogger logger, string tokenId, string detail);

        [LoggerMessage(EventId = EventIds.ImagineIncomplete, Level = LogLevel.Warning,
            Message = "Imagine on token {TokenId} delivered {Delivered} of {Count} images: {Detail}")]
        public static partial void Incomplete(ILogger logger, string tokenId, int delivered, int count, string detail);

        [LoggerMessage(EventId = EventIds.ImagineStoreFailed, Level = LogLevel.Warning, Message = "Imagine image {ImageId} could not be stored in the media cache")]
        public static partial void StoreFailed(ILogger logger, Exception exception, string imageId);

        [LoggerMessage(EventId = EventIds.ImagineGenerated, Level = LogLevel.Debug, Message = "Imagine on token {TokenId} delivered {Delivered} images")]
        public static partial void Generated(ILogger logger, string tokenId, int delivered);
    }
}
