using Grok2Api.Configuration;
using Grok2Api.Proxy.Attachments;
using Grok2Api.Proxy.Chat;
using Grok2Api.Proxy.Models;
using Grok2Api.Proxy.Observability;
using Grok2Api.Proxy.OpenAi;
using Grok2Api.Proxy.Pipeline;
using Grok2Api.Transforms.Grok.Models;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Images;
using Grok2Api.Transforms.OpenAi.Images.Edits;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Images.Edits;

/// <summary>
/// <c>POST /v1/images/edits</c> (issue 9, docs/adr/0009): a multipart/form-data body only (415
/// otherwise), at most <c>chat.max_body_mb</c> (413), its size reserved in the chat memory budget
/// before it is read (503 when there is no room in time); the form is read as it arrives
/// (<see cref="ImageEditFormReader"/>) and validated (<see cref="ImageEditRequestReader"/>, 400 naming
/// the field); a chat slot is taken (edits run through the conversation endpoint, as chats do); then
/// the edit exchange runs through the <see cref="UpstreamPipeline"/> and answers in the OpenAI images
/// protocol (<see cref="OpenAiImagesSurface"/>, <c>image_edit.*</c> events when streaming).
/// </summary>
internal sealed class ImageEditHandler(
    ChatConcurrencyLimiter limiter,
    ChatMemoryBudget memory,
    ImageEdits edits,
    UpstreamPipeline pipeline,
    IOptionsMonitor<ChatSection> chatSettings,
    IOptionsMonitor<AppSection> appSettings,
    TimeProvider time)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var chat = chatSettings.CurrentValue;
        var app = appSettings.CurrentValue;
        context.Items[ProxyTelemetry.ModelItemKey] = ImageEditRequestReader.Model;
        if (!ImageEditFormReader.IsMultipartForm(context.Request.ContentType))
        {
            await OpenAiErrorWriter.WriteAsync(context, 415, OpenAiErrors.Create(
                "Unsupported Content-Type: this endpoint takes a multipart/form-data body (the 'image' file(s), 'prompt' and the other fields as form fields).",
                OpenAiErrorTypes.InvalidRequest, null, "unsupported_media_type"));
            return;
        }

        var maxBody = chat.MaxBodyMb * 1024L * 1024L;
        if (context.Request.ContentLength > maxBody)
        {
            await TooLargeAsync(context, chat);
            return;
        }

        // Room for the body is reserved before a byte of it is read; what the form holds is kept reserved.
        using var held = await memory.AcquireAsync(context.Request.ContentLength ?? maxBody, TimeSpan.FromSeconds(chat.QueueTimeout), cancellationToken);
        if (held is null)
        {
            context.Response.Headers.RetryAfter = "1";
            await OpenAiErrorWriter.WriteAsync(context, 503, OpenAiErrors.Create(
                $"The server is holding as many request bodies as chat.max_inflight_mb allows ({chat.MaxInflightMb} MB) and none finished within chat.queue_timeout. Retry shortly.",
                OpenAiErrorTypes.Server, null, "server_overloaded"));
            return;
        }

        var read = await ImageEditFormReader.ReadAsync(context.Request, maxBody, MaxImageBytes(chat), cancellationToken);
        if (read.Form is not { } form)
        {
            await OpenAiErrorWriter.WriteAsync(context, read.Status, new OpenAiErrorResponse(read.Error!));
            return;
        }

        using (form)
        {
            held.ShrinkTo(form.FileBytes);
            if (!ImageEditRequestReader.TryRead(form.Fields, form.Files, ImageRequestOptions.DefaultFormat(app.ImageFormat), out var request, out var error))
            {
                await OpenAiErrorWriter.WriteAsync(context, 400, new OpenAiErrorResponse(error));
                return;
            }

            GrokModelCatalog.TryGet(request.Model, out var model);
            using var slot = await limiter.AcquireAsync(model!.Id, cancellationToken);
            if (slot is null)
            {
                await BusyAsync(context, model.Id);
                return;
            }

            var sources = request.Images.Select(static i => new LoadedAttachment(i.Content, i.MediaType, i.FileName)).ToList();
            var options = request.Options;
            var call = new ImageEditCall(request.Prompt, sources, options.Count, options.Format == ImageResponseFormat.Base64, app.Temporary, app.DisableMemory);
            var surface = new OpenAiImagesSurface(new ImageAnswerOptions
            {
                Model = model.Id,
                Created = time.GetUtcNow().ToUnixTimeSeconds(),
                Stream = options.Stream,
                Size = options.Size,
                Requested = options.Count,
                EventPrefix = ImageAnswerOptions.EditEvents,
                Prompt = request.Prompt,
            });
            var plan = new UpstreamPlan(
                model.Id,
                ModelTokenRequest.For(model),
                edits.Exchange(call),
                surface,
                new AttemptTimeouts(TimeSpan.FromSeconds(chat.Timeout), TimeSpan.FromSeconds(chat.StreamTimeout)));
            var outcome = await pipeline.RunAsync(context, plan);
            if (outcome.TokenId is { } tokenId)
            {
                context.Items[RequestLogMiddleware.TokenIdItemKey] = tokenId;
            }
        }
    }

    /// <summary>
    /// The largest source image: the body limit (<c>chat.max_body_mb</c>, 50 MB by default, the
    /// original's per-file limit), and never above what upload-file can carry.
    /// </summary>
    /// <param name="chat">The chat settings.</param>
    public static long MaxImageBytes(ChatSection chat) =>
        Math.Min(chat.MaxBodyMb, AttachmentLimits.UploadMaxMb) * 1024L * 1024L;

    /// <summary>The 429 for a request that found no chat slot within <c>chat.queue_timeout</c>.</summary>
    /// <param name="context">The request.</param>
    /// <param name="model">The model id.</param>
    public static Task BusyAsync(HttpContext context, string model)
    {
        context.Response.Headers.RetryAfter = "1";
        return OpenAiErrorWriter.WriteAsync(context, 429, OpenAiErrors.Create(
            $"Too many chat and edit requests are in flight for '{model}' (chat.concurrent / chat.model_concurrency); none finished within chat.queue_timeout. Retry shortly.",
            OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"));
    }

    private static Task TooLargeAsync(HttpContext context, ChatSection chat) =>
        OpenAiErrorWriter.WriteAsync(context, 413, OpenAiErrors.Create(
            $"The request body is larger than chat.max_body_mb ({chat.MaxBodyMb} MB).",
            OpenAiErrorTypes.InvalidRequest, null, "request_too_large"));
}
