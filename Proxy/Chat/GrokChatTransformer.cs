using System.Buffers;
using System.IO.Pipelines;
using System.Net.Http.Headers;
using Grok2Api.Proxy.Http;
using Grok2Api.Proxy.Upstream;
using Grok2Api.Transforms.Grok.Stream;
using Grok2Api.Transforms.OpenAi;
using Yarp.ReverseProxy.Forwarder;

namespace Grok2Api.Proxy.Chat;

/// <summary>
/// One attempt's YARP transformer (docs/adr/0001). The request transform injects the leased
/// account's headers and cookie and replaces the body with the Grok payload; the client's own
/// headers are never copied. The response transform checks the status, reads NDJSON lines and
/// commits nothing to the client before the first line with visible output, then translates line
/// by line. It never throws: YARP would clear the response and answer 502.
/// </summary>
internal sealed partial class GrokChatTransformer(ChatAttemptContext attempt, TimeProvider time, ILogger logger) : HttpTransformer
{
    private const int ErrorBodyLimit = 16 * 1024;
    private static readonly MediaTypeHeaderValue JsonContentType = new("application/json");


    public override ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest, string destinationPrefix, CancellationToken cancellationToken)
    {
        proxyRequest.Method = HttpMethod.Post;
        proxyRequest.RequestUri = attempt.Call.RequestUri;
        foreach (var (name, value) in attempt.Call.Headers.Headers)
        {
            proxyRequest.Headers.TryAddWithoutValidation(name, value);
        }

        // YARP copies the body from HttpContext.Request (the runner put the payload there) and does not
        // allow the content object to be replaced; its headers are ours to set.
        if (proxyRequest.Content is { } content)
        {
            content.Headers.ContentType = JsonContentType;
            content.Headers.ContentLength = attempt.Payload.Length;
        }

        return default;
    }

    public override async ValueTask<bool> TransformResponseAsync(HttpContext httpContext, HttpResponseMessage? proxyResponse, CancellationToken cancellationToken)
    {
        // The forwarder copied the upstream status; nothing is decided until we say so.
        if (!httpContext.Response.HasStarted)
        {
            httpContext.Response.StatusCode = StatusCodes.Status200OK;
            if (httpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseFeature>() is { } feature)
            {
                feature.ReasonPhrase = null;
            }
        }

        if (proxyResponse is null)
        {
            return false;
        }

        try
        {
            attempt.Result = (int)proxyResponse.StatusCode == StatusCodes.Status200OK
                ? await PumpAsync(httpContext, proxyResponse)
                : await RefusedAsync(proxyResponse);
        }
        catch (OperationCanceledException)
        {
            // A stall after the commit must still end the stream with an error event and [DONE].
            var ended = attempt.TimedOutOrAborted();
            attempt.Result = ended.Status == ChatAttemptStatus.FailedAfterCommit
                ? await FailCommittedAsync(httpContext, ended.Failure!)
                : ended;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or HttpIOException)
        {
            var failure = new ChatFailure(ChatFailureKind.Network, 200, "the connection broke during the answer");
            attempt.Result = attempt.RequestAborted.IsCancellationRequested
                ? ChatAttemptResult.Aborted
                : await FailAsync(httpContext, failure);
        }
#pragma warning disable CA1031 // The transformer must not throw (see the type's remarks); a bug is logged and answered as an error.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.TranslationFailed(logger, ex, attempt.Call.TokenId);
            var failure = new ChatFailure(ChatFailureKind.StreamError, 200, "the gateway could not translate the answer");
            attempt.Result = await FailAsync(httpContext, failure);
        }

        return false;
    }

    private async Task<ChatAttemptResult> RefusedAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var body = await ReadSmallBodyAsync(response);
        var detail = status switch
        {
            403 => UpstreamResponseClassifier.ClassifyForbidden(response, body) switch
            {
                UpstreamForbiddenKind.CloudflareChallenge => "403, a Cloudflare challenge",
                UpstreamForbiddenKind.AntiBot => "403, an anti-bot rejection",
                _ => "403",
            },
            _ => $"HTTP {status}",
        };
        return ChatAttemptResult.Before(ChatFailure.FromStatus(status, detail, UpstreamResponseClassifier.RetryAfterOf(response, time)));
    }

    private async Task<byte[]> ReadSmallBodyAsync(HttpResponseMessage response)
    {
        try
        {
            return await BoundedBody.ReadStartAsync(response.Content, ErrorBodyLimit, attempt.Timer);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or OperationCanceledException)
        {
            return [];
        }
    }

    private async Task<ChatAttemptResult> PumpAsync(HttpContext httpContext, HttpResponseMessage response)
    {
        var upstream = await response.Content.ReadAsStreamAsync(attempt.Timer);
        // Zero-byte reads: a stream waiting for its next line holds no buffer (docs/benchmarks.md, open streams).
        var reader = PipeReader.Create(upstream, new StreamPipeReaderOptions(bufferSize: 16 * 1024, minimumReadSize: 1024, leaveOpen: false, useZeroByteReads: true));
        using var parser = new GrokLineParser();
        var framer = new GrokLineFramer();
        try
        {
            while (true)
            {
                var read = await reader.ReadAsync(attempt.Timer);
                var buffer = read.Buffer;
                ChatAttemptResult? ended = null;
                while (ended is null && NextLine(framer, ref buffer, read.IsCompleted, out var line))
                {
                    attempt.LineReceived();
                    ended = await HandleLineAsync(httpContext, parser.Parse(line));
                }

                // Everything up to buffer.Start is consumed; what follows is an incomplete line.
                reader.AdvanceTo(buffer.Start, buffer.End);
                if (ended is not null)
                {
                    return ended;
                }

                if (framer.LineTooLong)
                {
                    return await FailAsync(httpContext, new ChatFailure(ChatFailureKind.StreamError, 200, "an upstream line was too long"));
                }

                if (read.IsCompleted)
                {
                    return await EndAsync(httpContext);
                }

                if (attempt.SentToClient)
                {
                    await FlushAsync(httpContext);
                }
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    private static bool NextLine(GrokLineFramer framer, ref ReadOnlySequence<byte> buffer, bool completed, out ReadOnlySequence<byte> line) =>
        framer.TryReadLine(ref buffer, out line) || (completed && framer.TryReadFinalLine(ref buffer, out line));

    // Returns the attempt's end when the line ended it (an error line), null to keep reading.
    private async ValueTask<ChatAttemptResult?> HandleLineAsync(HttpContext httpContext, GrokLine line)
    {
        if (line.Error is { } error)
        {
            return await FailAsync(httpContext, FromStreamError(error));
        }

        if (!attempt.Committed)
        {
            if (!line.HasVisibleOutput)
            {
                // Metadata before the first output (the conversation line, the echo of the prompt)
                // informs the translation (model hash); the translator writes nothing for it.
                await attempt.Translator.ApplyAsync(line, httpContext.Response.BodyWriter, attempt.RequestAborted);
                return null;
            }

            Commit(httpContext);
        }

        await attempt.Translator.ApplyAsync(line, httpContext.Response.BodyWriter, attempt.RequestAborted);
        return null;
    }

    private void Commit(HttpContext httpContext)
    {
        attempt.Committed = true;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        if (attempt.Stream)
        {
            response.ContentType = "text/event-stream; charset=utf-8";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no";
        }
        else
        {
            response.ContentType = "application/json; charset=utf-8";
        }
    }

    private async Task<ChatAttemptResult> EndAsync(HttpContext httpContext)
    {
        if (!attempt.Committed)
        {
            return ChatAttemptResult.Before(new ChatFailure(ChatFailureKind.EmptyAnswer, 200, "no content"));
        }

        attempt.Translator.Complete(httpContext.Response.BodyWriter);
        await FlushAsync(httpContext);
        return ChatAttemptResult.Success;
    }

    // Until a stream has sent its first chunk (and always for a non-stream answer, which is written only
    // once complete) nothing reached the client, so the handler may try another account.
    private async Task<ChatAttemptResult> FailAsync(HttpContext httpContext, ChatFailure failure) =>
        attempt.SentToClient ? await FailCommittedAsync(httpContext, failure) : ChatAttemptResult.Before(failure);

    // A stream that has begun gets one error event and [DONE].
    private async Task<ChatAttemptResult> FailCommittedAsync(HttpContext httpContext, ChatFailure failure)
    {
        if (!httpContext.RequestAborted.IsCancellationRequested)
        {
            var (_, error) = failure.ToClientError(attempt.ModelId);
            attempt.Translator.Fail(error, httpContext.Response.BodyWriter);
            await FlushAsync(httpContext);
        }

        return ChatAttemptResult.After(failure);
    }

    private async Task FlushAsync(HttpContext httpContext)
    {
        attempt.PauseTimer();
        await httpContext.Response.BodyWriter.FlushAsync(attempt.RequestAborted);
        attempt.ResumeTimer();
    }

    private static ChatFailure FromStreamError(GrokStreamError error) => error.Kind switch
    {
        GrokStreamErrorKind.UsageLimit => new ChatFailure(ChatFailureKind.RateLimited, 200, error.Message),
        GrokStreamErrorKind.AntiBot => new ChatFailure(ChatFailureKind.Forbidden, 200, "an anti-bot rejection"),
        _ => new ChatFailure(ChatFailureKind.StreamError, 200, error.Message),
    };

    private static partial class Log
    {
        [LoggerMessage(EventId = 3301, Level = LogLevel.Error, Message = "Translating the answer of token {TokenId} failed")]
        public static partial void TranslationFailed(ILogger logger, Exception exception, string tokenId);
    }
}
