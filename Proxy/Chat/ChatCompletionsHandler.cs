using Grok2Api.Configuration;
using Grok2Api.Proxy.Attachments;
using Grok2Api.Proxy.Http;
using Grok2Api.Proxy.Models;
using Grok2Api.Proxy.Observability;
using Grok2Api.Proxy.OpenAi;
using Grok2Api.Proxy.Pipeline;
using Grok2Api.Proxy.Upstream;
using Grok2Api.TokenPool.Selection;
using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.Grok.Models;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Chat;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>, the OpenAI chat surface: a JSON body only (415 otherwise), its
/// size reserved in the process-wide <see cref="ChatMemoryBudget"/> before it is read (503 when
/// there is no room in time), read once and held once; the surface reader
/// (<see cref="ChatSurfaceReader"/>) turns it into a neutral conversation flattened for Grok; the
/// number of attachments is capped; a concurrency slot is taken; then the attachments are loaded and
/// the plan goes to the <see cref="UpstreamPipeline"/>, which tries accounts until one answers and
/// writes the answer through the <see cref="OpenAiChatSurface"/> (docs/adr/0004,
/// docs/architecture.md, docs/security.md).
/// </summary>
internal sealed class ChatCompletionsHandler(
    ChatConcurrencyLimiter limiter,
    ChatMemoryBudget memory,
    IAttachmentLoader attachments,
    GrokConversations conversations,
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
        if (!JsonContentType.IsJson(context.Request.ContentType))
        {
            await ErrorAsync(context, 415, new OpenAiError(
                $"Unsupported Content-Type '{Echo(context.Request.ContentType)}': this endpoint takes a JSON body. Send it with Content-Type: {JsonContentType.Expected}.",
                OpenAiErrorTypes.InvalidRequest, null, "unsupported_media_type"));
            return;
        }

        var maxBody = chat.MaxBodyMb * 1024L * 1024L;
        if (context.Request.ContentLength > maxBody)
        {
            await TooLargeAsync(context, chat);
            return;
        }

        // Room for the body is reserved before a byte of it is read: a chunked body reserves the
        // limit, then gives back what it did not use.
        using var held = await memory.AcquireAsync(context.Request.ContentLength ?? maxBody, TimeSpan.FromSeconds(chat.QueueTimeout), cancellationToken);
        if (held is null)
        {
            context.Response.Headers.RetryAfter = "1";
            await ErrorAsync(context, 503, new OpenAiError(
                $"The server is holding as many request bodies as chat.max_inflight_mb allows ({chat.MaxInflightMb} MB) and none finished within chat.queue_timeout. Retry shortly.",
                OpenAiErrorTypes.Server, null, "server_overloaded"));
            return;
        }

        // Held once, to the end of the request: inline attachments are slices of it.
        using var body = await BoundedBody.ReadHeldAsync(context.Request, maxBody, cancellationToken);
        if (body is null)
        {
            await TooLargeAsync(context, chat);
            return;
        }

        var json = body.Memory;
        held.ShrinkTo(json.Length);
        // Image generation through chat (grok-imagine-1.0, issue 9): answered by its own handler.
        if (await context.RequestServices.GetRequiredService<Images.ImagineChat>().TryHandleAsync(context, json))
        {
            return;
        }

        if (!ChatSurfaceReader.TryRead(json, out var read, out var status, out var error))
        {
            if (status == 404)
            {
                context.Items[ProxyTelemetry.ModelItemKey] = "unknown";
            }

            await OpenAiErrorWriter.WriteAsync(context, status, error);
            return;
        }

        var (request, model, conversation, prompt) = read;
        context.Items[ProxyTelemetry.ModelItemKey] = model.Id;
        if (model.Capability == ModelCapability.ImageEdit)
        {
            // grok-imagine-1.0-edit (issue 9): the edit exchange, answered in chat shapes; the body stays held until it returns.
            await context.RequestServices.GetRequiredService<Images.Edits.ImageEditChat>().HandleAsync(context, read, AnswerOptions(request, prompt, app));
            return;
        }

        if (prompt.Attachments.Count > chat.MaxAttachments)
        {
            await ErrorAsync(context, 400, new OpenAiError(
                $"The request has {prompt.Attachments.Count} attachments (images, audio and files); at most {chat.MaxAttachments} are accepted (chat.max_attachments).",
                OpenAiErrorTypes.InvalidRequest, "messages", "too_many_attachments"));
            return;
        }

        // Video models: their own handler (docs/adr/0007).
        if (model.Capability == ModelCapability.Video)
        {
            await context.RequestServices.GetRequiredService<Video.VideoChatHandler>().HandleAsync(context, read);
            return;
        }

        // The slot first: fetched attachments (up to asset.fetch_max_mb each) are then held by at
        // most chat.concurrent requests at once.
        using var slot = await limiter.AcquireAsync(model.Id, cancellationToken);
        if (slot is null)
        {
            context.Response.Headers.RetryAfter = "1";
            await ErrorAsync(context, 429, new OpenAiError(
                $"Too many chat requests are in flight for '{model.Id}' (chat.concurrent / chat.model_concurrency); none finished within chat.queue_timeout. Retry shortly.",
                OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"));
            return;
        }

        var files = new List<LoadedAttachment>(prompt.Attachments.Count);
        foreach (var attachment in prompt.Attachments)
        {
            var loaded = await attachments.LoadAsync(attachment, context.Request, cancellationToken);
            if (loaded.Error is { } loadError)
            {
                await ErrorAsync(context, 400, loadError);
                return;
            }

            files.Add(loaded.Attachment!);
        }

        var call = new GrokConversationCall(
            prompt, files, model.UpstreamModelName, model.UpstreamModelMode, conversation.Options, app.FilterTags, app.Temporary, app.DisableMemory);
        var plan = new UpstreamPlan(
            model.Id,
            ModelTokenRequest.For(model),
            conversations.Exchange(call),
            new OpenAiChatSurface(AnswerOptions(request, prompt, app)),
            new AttemptTimeouts(TimeSpan.FromSeconds(chat.Timeout), TimeSpan.FromSeconds(chat.StreamTimeout)));
        var outcome = await pipeline.RunAsync(context, plan);
        if (outcome.TokenId is { } tokenId)
        {
            // The public id, never the token: the request log shows which account answered.
            context.Items[RequestLogMiddleware.TokenIdItemKey] = tokenId;
        }
    }

    private static Task TooLargeAsync(HttpContext context, ChatSection chat) =>
        ErrorAsync(context, 413, new OpenAiError(
            $"The request body is larger than chat.max_body_mb ({chat.MaxBodyMb} MB). Send large files as URLs.",
            OpenAiErrorTypes.InvalidRequest, null, "request_too_large"));

    /// <summary>A header value made safe to quote: missing says so, long ones are cut.</summary>
    private static string Echo(string? value) =>
        string.IsNullOrEmpty(value) ? "(none)" : value.Length <= 100 ? value : string.Concat(value.AsSpan(0, 100), "…");

    private static Task ErrorAsync(HttpContext context, int status, OpenAiError error) =>
        OpenAiErrorWriter.WriteAsync(context, status, new OpenAiErrorResponse(error));

    private ChatAnswerOptions AnswerOptions(ChatCompletionRequest request, GrokPrompt prompt, AppSection app)
    {
        var stream = request.Stream ?? app.Stream;
        var show = request.ReasoningEffort is { } effort ? effort != "none" : app.Thinking;
        var reasoning = !show
            ? ReasoningMode.Hidden
            : app.ReasoningFormat == "think_tags" ? ReasoningMode.ThinkTags : ReasoningMode.ReasoningContent;
        return new ChatAnswerOptions
        {
            CompletionId = "chatcmpl-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
            Model = request.Model,
            Created = time.GetUtcNow().ToUnixTimeSeconds(),
            Stream = stream,
            Reasoning = reasoning,
            IncludeUsage = request.IncludeUsage,
            Prompt = prompt.Message,
        };
    }
}
