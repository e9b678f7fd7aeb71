using Grok2Api.Proxy.Attachments;
using Grok2Api.Proxy.Http;
using Grok2Api.Proxy.Models;
using Grok2Api.Proxy.Observability;
using Grok2Api.Proxy.OpenAi;
using Grok2Api.Configuration;
using Grok2Api.Transforms.Grok.Models;
using Grok2Api.TokenPool.Selection;
using Grok2Api.Transforms.OpenAi;
using Grok2Api.Transforms.OpenAi.Chat;

namespace Grok2Api.Proxy.Chat;

/// <summary>
/// <c>POST /v1/chat/completions</c>: validates the request, loads the attachments, takes a
/// concurrency slot, then tries accounts one after the other (at most <c>retry.max_retry</c>, with
/// backoff inside <c>retry.retry_budget</c>) until one answers. Nothing reaches the client before an
/// account has started a real answer (docs/adr/0001).
/// </summary>
internal sealed partial class ChatCompletionsHandler(
    ChatConcurrencyLimiter limiter,
    ITokenSelector selector,
    IAttachmentLoader attachments,
    ChatAttemptRunner runner,
    ChatAttemptDependencies dependencies)
{
    public async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        var current = dependencies.Config.CurrentValue;
        var body = await BoundedBody.ReadAsync(context.Request, current.Chat.MaxBodyMb * 1024L * 1024L, cancellationToken);
        if (body is null)
        {
            await ErrorAsync(context, 413, new OpenAiError(
                $"The request body is larger than chat.max_body_mb ({current.Chat.MaxBodyMb} MB). Send large files as URLs.",
                OpenAiErrorTypes.InvalidRequest, null, "request_too_large"));
            return;
        }

        var read = ChatRequestReader.Read(body);
        if (read.Error is { } readError)
        {
            await ErrorAsync(context, 400, readError);
            return;
        }

        var request = read.Request!;
        if (!GrokModelCatalog.TryGet(request.Model, out var model))
        {
            context.Items[ProxyTelemetry.ModelItemKey] = "unknown";
            await OpenAiErrorWriter.WriteAsync(context, 404, OpenAiErrors.ModelNotFound(request.Model));
            return;
        }

        context.Items[ProxyTelemetry.ModelItemKey] = model.Id;
        if (model.Capability != ModelCapability.Chat)
        {
            await ErrorAsync(context, 400, new OpenAiError(
                $"The model '{model.Id}' generates {(model.Capability == ModelCapability.Video ? "videos" : "images")} and is not served by chat completions in this version.",
                OpenAiErrorTypes.InvalidRequest, "model", "model_not_supported"));
            return;
        }

        var prompt = ChatPromptBuilder.Build(request);
        if (prompt.Error is { } promptError)
        {
            await ErrorAsync(context, 400, promptError);
            return;
        }

        var files = new List<LoadedAttachment>(prompt.Prompt!.Attachments.Count);
        foreach (var attachment in prompt.Prompt.Attachments)
        {
            var loaded = await attachments.LoadAsync(attachment, context.Request, cancellationToken);
            if (loaded.Error is { } loadError)
            {
                await ErrorAsync(context, 400, loadError);
                return;
            }

            files.Add(loaded.Attachment!);
        }

        var plan = new ChatPlan(request, model, prompt.Prompt, files, Translation(request, model, prompt.Prompt, current));
        using var slot = await limiter.AcquireAsync(model.Id, cancellationToken);
        if (slot is null)
        {
            context.Response.Headers.RetryAfter = "1";
            await ErrorAsync(context, 429, new OpenAiError(
                $"Too many chat requests are in flight for '{model.Id}' (chat.concurrent / chat.model_concurrency); none finished within chat.queue_timeout. Retry shortly.",
                OpenAiErrorTypes.RateLimit, null, "rate_limit_exceeded"));
            return;
        }

        await RunAttemptsAsync(context, plan, cancellationToken);
    }

    private async Task RunAttemptsAsync(HttpContext context, ChatPlan plan, CancellationToken cancellationToken)
    {
        var retry = dependencies.Config.CurrentValue.Retry;
        var tokenRequest = ModelTokenRequest.For(plan.Model);
        var tried = new TokenExclusions();
        ChatFailure? last = null;
        var waited = TimeSpan.Zero;
        for (var attempt = 1; attempt <= retry.MaxRetry; attempt++)
        {
            if (!selector.TryLease(in tokenRequest, ref tried, out var lease))
            {
                break;
            }

            var result = await RunOneAsync(context, plan, lease, cancellationToken);
            if (result.Status is ChatAttemptStatus.Succeeded or ChatAttemptStatus.ClientAborted)
            {
                return;
            }

            last = result.Failure!;
            Log.AttemptFailed(dependencies.Logger, plan.Model.Id, lease.TokenId, attempt, last.Kind, last.Detail);
            if (result.Status == ChatAttemptStatus.FailedAfterCommit)
            {
                if (!context.Response.HasStarted)
                {
                    await WriteFailureAsync(context, plan, last);
                }

                return;
            }

            if (last.WantsBackoff && attempt < retry.MaxRetry)
            {
                var delay = Backoff(retry, attempt, dependencies.Random);
                if (waited + delay > TimeSpan.FromSeconds(retry.RetryBudget))
                {
                    break;
                }

                waited += delay;
                await Task.Delay(delay, dependencies.Time, cancellationToken);
            }
        }

        await WriteFailureAsync(context, plan, last ?? new ChatFailure(ChatFailureKind.NoToken, null, "no token"));
    }

    // The lease is always completed, whatever happens in the attempt; a client that leaves costs the account nothing.
    private async Task<ChatAttemptResult> RunOneAsync(HttpContext context, ChatPlan plan, TokenLease lease, CancellationToken cancellationToken)
    {
        var result = ChatAttemptResult.Aborted;
        try
        {
            result = await runner.RunAsync(context, plan, lease, cancellationToken);
            return result;
        }
        finally
        {
            var outcome = result.Status switch
            {
                ChatAttemptStatus.Succeeded => LeaseOutcome.Success,
                ChatAttemptStatus.ClientAborted => LeaseOutcome.ClientAbort,
                _ => result.Failure!.LeaseOutcome,
            };
            selector.Complete(in lease, outcome, result.Failure?.Detail);
        }
    }

    private static async Task WriteFailureAsync(HttpContext context, ChatPlan plan, ChatFailure failure)
    {
        var (status, error) = failure.ToClientError(plan.Model.Id);
        if (failure.RetryAfterHeader() is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter;
        }

        await ErrorAsync(context, status, error);
    }

    private static Task ErrorAsync(HttpContext context, int status, OpenAiError error) =>
        OpenAiErrorWriter.WriteAsync(context, status, new OpenAiErrorResponse(error));

    private ChatTranslationOptions Translation(ChatCompletionRequest request, ModelInfo model, ChatPrompt prompt, GrokConfig current)
    {
        var stream = request.Stream ?? current.App.Stream;
        var show = request.ReasoningEffort is { } effort ? effort != "none" : current.App.Thinking;
        var reasoning = !show
            ? ReasoningMode.Hidden
            : current.App.ReasoningFormat == "think_tags" ? ReasoningMode.ThinkTags : ReasoningMode.ReasoningContent;
        return new ChatTranslationOptions
        {
            CompletionId = "chatcmpl-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12)),
            Model = model.Id,
            Created = dependencies.Time.GetUtcNow().ToUnixTimeSeconds(),
            Stream = stream,
            Reasoning = reasoning,
            FilterTags = current.App.FilterTags,
            IncludeUsage = request.IncludeUsage,
            Prompt = prompt.Message,
        };
    }

    private static TimeSpan Backoff(RetrySection retry, int attempt, Upstream.IUpstreamRandom random)
    {
        // Full jitter over an exponential ceiling, as for same-account retries ([retry]).
        var ceiling = Math.Min(retry.RetryBackoffBase * Math.Pow(retry.RetryBackoffFactor, attempt - 1), retry.RetryBackoffMax);
        return TimeSpan.FromSeconds(ceiling * random.NextDouble());
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3302, Level = LogLevel.Warning, Message = "Chat attempt {Attempt} for {Model} on token {TokenId} failed: {Kind} ({Detail})")]
        public static partial void AttemptFailed(ILogger logger, string model, string tokenId, int attempt, ChatFailureKind kind, string detail);
    }
}
