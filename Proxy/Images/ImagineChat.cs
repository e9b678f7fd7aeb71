using Grok2Api.Configuration;
using Grok2Api.Proxy.Chat;
using Grok2Api.Proxy.Models;
using Grok2Api.Proxy.Observability;
using Grok2Api.Proxy.OpenAi;
using Grok2Api.Proxy.Pipeline;
using Grok2Api.Transforms.Grok.Models;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Chat;
using Grok2Api.Transforms.OpenAi.Images;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Images;

/// <summary>
/// <c>grok-imagine-1.0</c> through <c>/v1/chat/completions</c>: the chat handler hands it the body it
/// read (the hook is one call); it answers in chat shapes (<c>chat.completion</c> or chunks) with the
/// images as markdown in the content (links of the media cache, or <c>data:</c> URIs for base64), and
/// progress as reasoning when the reasoning is shown. Options come from <c>image_config</c>.
/// </summary>
internal sealed class ImagineChat(
    ChatConcurrencyLimiter limiter,
    ImagineGenerations generations,
    UpstreamPipeline pipeline,
    IOptionsMonitor<AppSection> appSettings,
    TimeProvider time)
{
    /// <summary>The model served here.</summary>
    public const string Model = ImageGenerationRequestReader.Model;

    /// <summary>Answers the request when it asks for <see cref="Model"/>; false (nothing written) otherwise.</summary>
    /// <param name="context">The request.</param>
    /// <param name="json">The body, read and within the limits.</param>
    public async Task<bool> TryHandleAsync(HttpContext context, ReadOnlyMemory<byte> json)
    {
        if (!ImageChatReader.HasModel(json.Span, Model))
        {
            return false;
        }

        var read = ChatRequestReader.Read(json);
        if (!read.Succeeded)
        {
            await ErrorAsync(context, ChatRequestReadResult.ErrorStatusCode, read.Error);
            return true;
        }

        var app = appSettings.CurrentValue;
        var request = read.Request;
        if (!ImageChatReader.TryRead(request, ImageRequestOptions.DefaultFormat(app.ImageFormat), out var prompt, out var options, out var error))
        {
            await ErrorAsync(context, 400, error);
            return true;
        }

        var model = GrokModelCatalog.TryGet(Model, out var info) ? info : throw new InvalidOperationException("grok-imagine-1.0 is missing from the model catalog.");
        context.Items[ProxyTelemetry.ModelItemKey] = model.Id;
        using var slot = await limiter.AcquireAsync(model.Id, context.RequestAborted);
        if (slot is null)
        {
            context.Response.Headers.RetryAfter = "1";
            await ErrorAsync(context, 429, new OpenAiError(
                $"Too many chat requests are in flight for '{model.Id}' (chat.concurrent / chat.model_concurrency); none finished within chat.queue_timeout. Retry shortly.",
                OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"));
            return true;
        }

        var stream = request.Stream ?? app.Stream;
        var show = request.ReasoningEffort is { } effort ? effort != "none" : app.Thinking;
        var reasoning = !show
            ? ReasoningMode.Hidden
            : app.ReasoningFormat == "think_tags" ? ReasoningMode.ThinkTags : ReasoningMode.ReasoningContent;
        var answer = new ChatAnswerOptions
        {
            CompletionId = "chatcmpl-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
            Model = request.Model,
            Created = time.GetUtcNow().ToUnixTimeSeconds(),
            Stream = stream,
            Reasoning = reasoning,
            IncludeUsage = request.IncludeUsage,
            Prompt = prompt,
        };
        var imagine = generations.Request(prompt, options, stream && reasoning != ReasoningMode.Hidden ? ImagineProgress.Notes : ImagineProgress.None);
        var plan = new UpstreamPlan(model.Id, ModelTokenRequest.For(model), generations.Exchange(imagine), new OpenAiChatSurface(answer), ImagineGenerations.Timeouts(imagine));
        var outcome = await pipeline.RunAsync(context, plan);
        if (outcome.TokenId is { } tokenId)
        {
            context.Items[RequestLogMiddleware.TokenIdItemKey] = tokenId;
        }

        return true;
    }

    private static Task ErrorAsync(HttpContext context, int status, OpenAiError error) =>
        OpenAiErrorWriter.WriteAsync(context, status, new OpenAiErrorResponse(error));
}
