using System.Net;
using Grok2Api.Proxy.Attachments;
using Grok2Api.Proxy.Media;
using Grok2Api.Proxy.Upstream;
using Grok2Api.Configuration;
using Grok2Api.TokenPool.Selection;
using Grok2Api.Transforms.Grok;
using Grok2Api.Transforms.Grok.Chat;
using Grok2Api.Transforms.OpenAi.Chat;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace Grok2Api.Proxy.Chat;

/// <summary>
/// Runs one attempt on one leased account: uploads the attachments to that account, builds the
/// Grok payload and forwards it through YARP with a <see cref="GrokChatTransformer"/>
/// (docs/adr/0001).
/// </summary>
internal sealed class ChatAttemptRunner(
    IHttpForwarder forwarder,
    GrokCallPreparer preparer,
    EgressInvokerFactory egress,
    IGrokFileUploader uploader,
    ChatAttemptDependencies dependencies)
{
    private const string EndpointName = "conversations_new";

    // Our own timers bound the attempt (ChatAttemptContext); YARP's activity timeout is only a
    // backstop, since nothing resets it while the transformer reads the answer.
    private static readonly ForwarderRequestConfig RequestConfig = new()
    {
        ActivityTimeout = TimeSpan.FromHours(24),
        Version = HttpVersion.Version20,
        VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
        AllowResponseBuffering = false,
    };

    private static readonly UpstreamCallOptions CallOptions = new();

    public async Task<ChatAttemptResult> RunAsync(HttpContext context, ChatPlan plan, TokenLease lease, CancellationToken cancellationToken)
    {
        var fileIds = new List<string>(plan.Files.Count);
        foreach (var file in plan.Files)
        {
            var upload = await uploader.UploadAsync(lease.Token, file, cancellationToken);
            if (!upload.IsSuccess)
            {
                return ChatAttemptResult.Before(FromUpload(upload.Upstream));
            }

            fileIds.Add(upload.FileMetadataId!);
        }

        var config = dependencies.Config.CurrentValue;
        var payload = GrokChatPayload.Build(new GrokChatPayloadOptions
        {
            Message = plan.Prompt.Message,
            ModelName = plan.Model.UpstreamModelName,
            ModelMode = plan.Model.UpstreamModelMode,
            FileAttachmentIds = fileIds,
            Temporary = config.App.Temporary,
            DisableMemory = config.App.DisableMemory,
            Temperature = plan.Request.Temperature,
            TopP = plan.Request.TopP,
            ReasoningEffort = plan.Request.ReasoningEffort,
        });

        if (!preparer.TryPrepare(GrokEndpoints.ConversationsNew, lease.Token, CallOptions, out var call, out var prepareError))
        {
            return ChatAttemptResult.Before(new ChatFailure(ChatFailureKind.Configuration, null, prepareError ?? "the call could not be built"));
        }

        using var egressLease = egress.Acquire(GrokEgress.Base, followRedirects: false, out var egressError);
        if (egressLease is null)
        {
            return ChatAttemptResult.Before(new ChatFailure(ChatFailureKind.Configuration, null, egressError ?? "proxy.base_proxy_url is not usable"));
        }

        var translator = new ChatTranslator(plan.Translation, new RequestMediaLinker(dependencies.Media, lease.Token, context.Request));
        using var attempt = new ChatAttemptContext(
            call!,
            payload,
            translator,
            plan.Translation,
            TimeSpan.FromSeconds(config.Chat.Timeout),
            TimeSpan.FromSeconds(config.Chat.StreamTimeout),
            context.RequestAborted);
        // The forwarder sends HttpContext.Request's body: each attempt replaces it with its own payload.
        context.Request.Body = new MemoryStream(payload, writable: false);
        context.Request.ContentLength = payload.Length;
        var transformer = new GrokChatTransformer(attempt, dependencies.Time, dependencies.Logger);
        var forwarded = await forwarder.SendAsync(context, call!.RequestUri.ToString(), egressLease.Invoker, RequestConfig, transformer, attempt.Timer);

        var result = attempt.Result ?? NoResponse(context, attempt, forwarded);
        dependencies.Metrics.RecordAttempt(EndpointName, ToUpstreamOutcome(result));
        return result;
    }

    // The forwarder failed before any response arrived; it may have set a 502/504 status, which we clear.
    private static ChatAttemptResult NoResponse(HttpContext context, ChatAttemptContext attempt, ForwarderError error)
    {
        var exception = context.Features.Get<IForwarderErrorFeature>()?.Exception;
        context.Features.Set<IForwarderErrorFeature>(null);
        if (!context.Response.HasStarted)
        {
            context.Response.Clear();
        }

        if (context.RequestAborted.IsCancellationRequested)
        {
            return ChatAttemptResult.Aborted;
        }

        if (attempt.Timer.IsCancellationRequested)
        {
            return attempt.TimedOutOrAborted();
        }

        var detail = exception switch
        {
            HttpRequestException { HttpRequestError: var kind } when kind != HttpRequestError.Unknown => $"{error}: {kind}",
            _ => error.ToString(),
        };
        return ChatAttemptResult.Before(new ChatFailure(ChatFailureKind.Network, null, detail));
    }

    private static ChatFailure FromUpload(UpstreamResult upload) => upload.Outcome switch
    {
        UpstreamOutcome.RateLimited => new ChatFailure(ChatFailureKind.RateLimited, upload.StatusCode, "upload-file: 429", upload.RetryAfter),
        UpstreamOutcome.Unauthorized => new ChatFailure(ChatFailureKind.Unauthorized, upload.StatusCode, "upload-file: 401"),
        UpstreamOutcome.Forbidden => new ChatFailure(ChatFailureKind.Forbidden, upload.StatusCode, "upload-file: 403"),
        UpstreamOutcome.Network => new ChatFailure(ChatFailureKind.Network, null, "upload-file: " + (upload.Detail ?? "connection failed")),
        UpstreamOutcome.Timeout => new ChatFailure(ChatFailureKind.StartTimeout, null, "upload-file timed out"),
        _ => new ChatFailure(ChatFailureKind.UpstreamError, upload.StatusCode, "upload-file: " + (upload.Detail ?? $"HTTP {upload.StatusCode}")),
    };

    private static UpstreamOutcome ToUpstreamOutcome(ChatAttemptResult result) => result.Failure?.Kind switch
    {
        null => UpstreamOutcome.Ok,
        ChatFailureKind.RateLimited => UpstreamOutcome.RateLimited,
        ChatFailureKind.Unauthorized => UpstreamOutcome.Unauthorized,
        ChatFailureKind.Forbidden => UpstreamOutcome.Forbidden,
        ChatFailureKind.Network => UpstreamOutcome.Network,
        ChatFailureKind.StartTimeout or ChatFailureKind.Stalled => UpstreamOutcome.Timeout,
        ChatFailureKind.Configuration => UpstreamOutcome.InvalidRequest,
        _ => UpstreamOutcome.ServerError,
    };
}
