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
/// <c>POST /v1/chat/completions</c>, the OpenAI chat surface: the surface reader
/// (<see cref="ChatSurfaceReader"/>) turns the body into a neutral conversation flattened for Grok,
/// the attachments are loaded, a concurrency slot is taken, and the plan goes to the
/// <see cref="UpstreamPipeline"/>, which tries accounts until one answers and writes the answer
/// through the <see cref="OpenAiChatSurface"/> (docs/adr/0004, docs/architecture.md).
/// </summary>
internal sealed class ChatCompletionsHandler(
    ChatConcurrencyLimiter limiter,
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
        var body = await BoundedBody.ReadAsync(context.Request, chat.MaxBodyMb * 1024L * 1024L, cancellationToken);
        if (body is null)
        {
            await ErrorAsync(context, 413, new OpenAiError(
                $"The request body is larger than chat.max_body_mb ({chat.MaxBodyMb} MB). Send large files as URLs.",
                OpenAiErrorTypes.InvalidRequest, null, "request_too_large"));
            return;
        }

        if (!ChatSurfaceReader.TryRead(body, out var read, out var status, out var error))
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
        using var slot = await limiter.AcquireAsync(model.Id, cancellationToken);
        if (slot is null)
        {
            context.Response.Headers.RetryAfter = "1";
            await ErrorAsync(context, 429, new OpenAiError(
                $"Too many chat requests are in flight for '{model.Id}' (chat.concurrent / chat.model_concurrency); none finished within chat.queue_timeout. Retry shortly.",
                OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"));
            return;
        }

        var outcome = await pipeline.RunAsync(context, plan);
        if (outcome.TokenId is { } tokenId)
        {
            // The public id, never the token: the request log shows which account answered.
            context.Items[RequestLogMiddleware.TokenIdItemKey] = tokenId;
        }
    }

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
