using Grok2Api.Transforms.OpenAi.Videos;

namespace Grok2Api.Proxy.Video;

/// <summary>
/// <c>grok-imagine-1.0-video</c> through <c>/v1/chat/completions</c> (docs/adr/0007): the chat handler
/// dispatches a read request of the video model here. <c>video_config</c> is checked, the first image
/// of the conversation (if any) is loaded for image-to-video, a <c>video.concurrent</c> slot is taken
/// (429 after <c>chat.queue_timeout</c>), and the <see cref="GrokVideoExchange"/> runs through the
/// <see cref="UpstreamPipeline"/> with the chat surface, preferring ssoSuper for 720p or more than 6 s.
/// </summary>
internal sealed class VideoChatHandler(
    GrokVideos videos,
    IAttachmentLoader attachments,
    UpstreamPipeline pipeline,
    IOptionsMonitor<ChatSection> chatSettings,
    IOptionsMonitor<AppSection> appSettings,
    TimeProvider time)
{
    /// <summary>Serves a chat request whose model makes videos.</summary>
    /// <param name="context">The request.</param>
    /// <param name="read">The request as the chat surface reader read it.</param>
    public async Task HandleAsync(HttpContext context, ChatSurfaceRequest read)
    {
        ArgumentNullException.ThrowIfNull(read);
        var cancellationToken = context.RequestAborted;
        var (request, model, _, prompt) = read;
        if (!VideoConfigReader.TryRead(request.VideoConfig, out var settings, out var configError))
        {
            await OpenAiErrorWriter.WriteAsync(context, 400, new OpenAiErrorResponse(configError));
            return;
        }

        LoadedAttachment? image = null;
        foreach (var attachment in prompt.Attachments)
        {
            if (attachment.Kind != ConversationPartKind.Image)
            {
                continue;
            }

            var loaded = await attachments.LoadAsync(attachment, context.Request, cancellationToken);
            if (loaded.Error is { } loadError)
            {
                await OpenAiErrorWriter.WriteAsync(context, 400, new OpenAiErrorResponse(loadError));
                return;
            }

            image = loaded.Attachment;
            break;
        }

        var chat = chatSettings.CurrentValue;
        using var slot = await videos.Slots.AcquireAsync(TimeSpan.FromSeconds(chat.QueueTimeout), time, cancellationToken);
        if (slot is null)
        {
            await OpenAiErrorWriter.WriteRetrySoonAsync(context, 429, new OpenAiError(
                $"Too many video generations are in flight (video.concurrent = {videos.Settings.Concurrent}); none finished within chat.queue_timeout. Retry shortly.",
                OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"));
            return;
        }

        var app = appSettings.CurrentValue;
        var options = AnswerOptions(request, prompt.Message, app);
        var call = new VideoCall(prompt.Message, image, settings, options.Reasoning != ReasoningMode.Hidden, app.Temporary, app.DisableMemory);
        await pipeline.RunAsync(context, videos.Plan(model, call, new OpenAiChatSurface(options)));
    }

    private ChatAnswerOptions AnswerOptions(ChatCompletionRequest request, string prompt, AppSection app) =>
        ChatAnswerSettings.For(request, prompt, app, time);
}
