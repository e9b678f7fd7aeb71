using Grok2Api.Proxy.Video;

namespace Grok2Api.Proxy.Public.Video;

/// <summary>
/// <c>GET /v1/public/video/sse</c>: the session's video generation, streamed exactly as the video model
/// streams through <c>/v1/chat/completions</c> (the same exchange, pipeline, surface and writer; progress
/// in reasoning when thinking is on, then the video). The reference image is loaded, a
/// <c>video.concurrent</c> slot taken, and the pipeline run with the request cancelled when the client
/// leaves or the session is stopped; a failure at any point is one error event and <c>[DONE]</c>.
/// The session ends with its stream.
/// </summary>
internal sealed partial class PublicVideoRunner(
    GrokVideos videos,
    IAttachmentLoader attachments,
    UpstreamPipeline pipeline,
    PublicTasks tasks,
    IOptionsMonitor<ChatSection> chatSettings,
    IOptionsMonitor<AppSection> appSettings,
    TimeProvider time,
    ILogger<PublicVideoRunner> logger)
{
    public async Task RunAsync(HttpContext context, PublicTask task)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(task);
        var spec = (PublicVideoSpec)task.Spec;
        var clientGone = context.RequestAborted;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";

        // The run has a context of its own, cancelled by the client or a stop, whose body passes on to the
        // real response (ClientBodyStream): the pipeline, the exchange and the chat writer run unchanged.
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(clientGone, task.Stopped);
        var run = new DefaultHttpContext { RequestAborted = linked.Token, RequestServices = context.RequestServices };
        await using var body = new ClientBodyStream(response.Body, clientGone);
        run.Response.Body = body;

        // Media links are built from the request the client made (with an empty app.app_url).
        run.Request.Scheme = context.Request.Scheme;
        run.Request.Host = context.Request.Host;
        run.Request.PathBase = context.Request.PathBase;
        run.Connection.RemoteIpAddress = context.Connection.RemoteIpAddress;
        var stopped = false;
        try
        {
            var status = await RunCoreAsync(run, context.Request, spec, linked.Token);
            stopped = status == PipelineStatus.ClientAborted;
            await run.Response.BodyWriter.FlushAsync(clientGone);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            stopped = true;
        }
        finally
        {
            tasks.Remove(task);
            if (run.Items.TryGetValue(RequestLogMiddleware.TokenIdItemKey, out var tokenId))
            {
                context.Items[RequestLogMiddleware.TokenIdItemKey] = tokenId;
            }
        }

        if (stopped && !clientGone.IsCancellationRequested)
        {
            await PublicVideoSurface.WriteErrorAsync(response, new OpenAiError(
                "The video task was stopped.", OpenAiErrorTypes.InvalidRequest, null, "task_stopped"), clientGone);
        }
    }

    private async Task<PipelineStatus> RunCoreAsync(HttpContext context, HttpRequest client, PublicVideoSpec spec, CancellationToken cancellationToken)
    {
        var (request, model, _, prompt) = spec.Read;
        LoadedAttachment? image = null;
        foreach (var attachment in prompt.Attachments)
        {
            if (attachment.Kind != ConversationPartKind.Image)
            {
                continue;
            }

            var loaded = await attachments.LoadAsync(attachment, client, cancellationToken);
            if (loaded.Error is { } loadError)
            {
                await PublicVideoSurface.WriteErrorAsync(context.Response, loadError, cancellationToken);
                return PipelineStatus.Failed;
            }

            image = loaded.Attachment;
            break;
        }

        using var slot = await videos.Slots.AcquireAsync(TimeSpan.FromSeconds(chatSettings.CurrentValue.QueueTimeout), time, cancellationToken);
        if (slot is null)
        {
            await PublicVideoSurface.WriteErrorAsync(context.Response, new OpenAiError(
                $"Too many video generations are in flight (video.concurrent = {videos.Settings.Concurrent}); retry shortly.",
                OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"), cancellationToken);
            return PipelineStatus.Failed;
        }

        var app = appSettings.CurrentValue;
        var options = ChatAnswerSettings.For(request, prompt.Message, app, time);
        var call = new VideoCall(prompt.Message, image, spec.Settings, options.Reasoning != ReasoningMode.Hidden, app.Temporary, app.DisableMemory);
        var outcome = await pipeline.RunAsync(context, videos.Plan(model, call, new PublicVideoSurface(options)));
        if (outcome.Failure is { } failure && outcome.Status != PipelineStatus.ClientAborted)
        {
            Log.VideoFailed(logger, failure.Tag, failure.Detail);
        }

        return outcome.Status;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.PublicVideoFailed, Level = LogLevel.Information, Message = "Public video generation failed: {Kind} ({Detail})")]
        public static partial void VideoFailed(ILogger logger, string kind, string detail);
    }
}
