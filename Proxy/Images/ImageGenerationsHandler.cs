using Grok2Api.Configuration;
using Grok2Api.Proxy.Chat;
using Grok2Api.Proxy.Http;
using Grok2Api.Proxy.Models;
using Grok2Api.Proxy.Observability;
using Grok2Api.Proxy.OpenAi;
using Grok2Api.Proxy.Pipeline;
using Grok2Api.Transforms.Grok.Models;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Images;
using Microsoft.Extensions.Options;

namespace Grok2Api.Proxy.Images;

/// <summary>
/// <c>POST /v1/images/generations</c> (model <c>grok-imagine-1.0</c>): a JSON body only (415
/// otherwise), within <c>chat.max_body_mb</c> (413) and the shared <c>chat.max_inflight_mb</c> (503),
/// read by <see cref="ImageGenerationRequestReader"/> (400s naming the parameter), a concurrency slot
/// of <c>chat.concurrent</c> (429), then the <see cref="UpstreamPipeline"/> with the Imagine exchange and
/// the <see cref="OpenAiImagesSurface"/>. The account is charged the model's cost once per completed
/// request, whatever <c>n</c>.
/// </summary>
internal sealed class ImageGenerationsHandler(
    ChatConcurrencyLimiter limiter,
    ChatMemoryBudget memory,
    ImagineGenerations generations,
    UpstreamPipeline pipeline,
    IOptionsMonitor<ChatSection> chatSettings,
    IOptionsMonitor<AppSection> appSettings,
    TimeProvider time)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var chat = chatSettings.CurrentValue;
        if (!JsonContentType.IsJson(context.Request.ContentType))
        {
            await ErrorAsync(context, 415, new OpenAiError(
                $"Unsupported Content-Type: this endpoint takes a JSON body. Send it with Content-Type: {JsonContentType.Expected}.",
                OpenAiErrorTypes.InvalidRequest, null, "unsupported_media_type"));
            return;
        }

        var maxBody = chat.MaxBodyMb * 1024L * 1024L;
        if (context.Request.ContentLength > maxBody)
        {
            await TooLargeAsync(context, chat);
            return;
        }

        using var held = await memory.AcquireAsync(context.Request.ContentLength ?? maxBody, TimeSpan.FromSeconds(chat.QueueTimeout), cancellationToken);
        if (held is null)
        {
            context.Response.Headers.RetryAfter = "1";
            await ErrorAsync(context, 503, new OpenAiError(
                $"The server is holding as many request bodies as chat.max_inflight_mb allows ({chat.MaxInflightMb} MB) and none finished within chat.queue_timeout. Retry shortly.",
                OpenAiErrorTypes.Server, null, "server_overloaded"));
            return;
        }

        using var body = await BoundedBody.ReadHeldAsync(context.Request, maxBody, cancellationToken);
        if (body is null)
        {
            await TooLargeAsync(context, chat);
            return;
        }

        held.ShrinkTo(body.Memory.Length);
        var app = appSettings.CurrentValue;
        if (!ImageGenerationRequestReader.TryRead(body.Memory, ImageRequestOptions.DefaultFormat(app.ImageFormat), out var request, out var error))
        {
            await ErrorAsync(context, 400, error);
            return;
        }

        var model = GrokModelCatalog.TryGet(request.Model, out var info) ? info : throw new InvalidOperationException("grok-imagine-1.0 is missing from the model catalog.");
        context.Items[ProxyTelemetry.ModelItemKey] = model.Id;
        using var slot = await limiter.AcquireAsync(model.Id, cancellationToken);
        if (slot is null)
        {
            context.Response.Headers.RetryAfter = "1";
            await ErrorAsync(context, 429, new OpenAiError(
                $"Too many requests are in flight for '{model.Id}' (chat.concurrent / chat.model_concurrency); none finished within chat.queue_timeout. Retry shortly.",
                OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"));
            return;
        }

        var imagine = generations.Request(request.Prompt, request.Options, request.Options.Stream ? ImagineProgress.Images : ImagineProgress.None);
        var surface = new OpenAiImagesSurface(new ImageAnswerOptions
        {
            Model = model.Id,
            Created = time.GetUtcNow().ToUnixTimeSeconds(),
            Stream = request.Options.Stream,
            Size = request.Options.Size,
            Requested = request.Options.Count,
            Prompt = request.Prompt,
        });
        var plan = new UpstreamPlan(model.Id, ModelTokenRequest.For(model), generations.Exchange(imagine), surface, ImagineGenerations.Timeouts(imagine));
        var outcome = await pipeline.RunAsync(context, plan);
        if (outcome.TokenId is { } tokenId)
        {
            context.Items[RequestLogMiddleware.TokenIdItemKey] = tokenId;
        }
    }

    private static Task TooLargeAsync(HttpContext context, ChatSection chat) =>
        ErrorAsync(context, 413, new OpenAiError(
            $"The request body is larger than chat.max_body_mb ({chat.MaxBodyMb} MB).",
            OpenAiErrorTypes.InvalidRequest, null, "request_too_large"));

    private static Task ErrorAsync(HttpContext context, int status, OpenAiError error) =>
        OpenAiErrorWriter.WriteAsync(context, status, new OpenAiErrorResponse(error));
}
