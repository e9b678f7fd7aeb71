using Grok2Api.Proxy.Http;
using Grok2Api.Transforms.Grok;

namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// The upstream client for Grok web REST and gRPC-web calls: one header set per logical call
/// (reused by its retries), the egress proxy of the endpoint, per-attempt timeouts, bounded body
/// reads and the retry policy. Thread-safe; register as a singleton.
/// </summary>
internal sealed partial class GrokRestClient(
    GrokCallPreparer preparer,
    EgressInvokerFactory egress,
    TimeProvider time,
    UpstreamMetrics metrics,
    ILogger<GrokRestClient> logger) : IGrokRestClient
{
    /// <summary>Error bodies are only read this far: enough to classify and log a snippet.</summary>
    private const int ErrorBodyLimit = 64 * 1024;

    public async Task<UpstreamResult> SendAsync(
        GrokEndpoint endpoint, string token, ReadOnlyMemory<byte>? body, UpstreamCallOptions options, CancellationToken cancellationToken)
    {
        using var outcome = await ExecuteAsync(endpoint, token, body, options, streaming: false, cancellationToken);
        return outcome.Result;
    }

    public Task<UpstreamStreamResult> SendStreamingAsync(
        GrokEndpoint endpoint, string token, ReadOnlyMemory<byte>? body, UpstreamCallOptions options, CancellationToken cancellationToken) =>
        ExecuteAsync(endpoint, token, body, options, streaming: true, cancellationToken);

    private async Task<UpstreamStreamResult> ExecuteAsync(
        GrokEndpoint endpoint, string token, ReadOnlyMemory<byte>? body, UpstreamCallOptions options, bool streaming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(options);
        if (!preparer.TryPrepare(endpoint, token, options, out var call, out var error))
        {
            Log.RequestNotBuilt(logger, endpoint.Name, error!);
            metrics.RecordAttempt(endpoint.Name, UpstreamOutcome.InvalidRequest);
            return new UpstreamStreamResult(new UpstreamResult(UpstreamOutcome.InvalidRequest, null, 0) { Detail = error }, null, null);
        }

        for (var attempt = 1; ; attempt++)
        {
            var sent = await SendOnceAsync(call!, body, options, streaming, attempt, cancellationToken);
            var result = sent.Result;
            metrics.RecordAttempt(endpoint.Name, result.Outcome);
            if (result.IsSuccess)
            {
                return sent;
            }

            Log.AttemptFailed(logger, endpoint.Name, attempt, call!.TokenId, result.Outcome, result.StatusCode, result.Detail);
            var decision = IsRetryCandidate(result.Outcome, options)
                ? call.Retry.Next(result.StatusCode, result.RetryAfter)
                : RetryDecision.Stop(RetryStopReason.NotRetryable);
            if (!decision.ShouldRetry)
            {
                sent.Dispose();
                return new UpstreamStreamResult(result with { StopReason = decision.StopReason }, null, null);
            }

            sent.Dispose();
            Log.Retrying(logger, endpoint.Name, call.TokenId, attempt + 1, decision.Delay.TotalMilliseconds);
            await Task.Delay(decision.Delay, time, cancellationToken);
        }
    }

    private static bool IsRetryCandidate(UpstreamOutcome outcome, UpstreamCallOptions options) => outcome switch
    {
        UpstreamOutcome.Timeout or UpstreamOutcome.ResponseTooLarge or UpstreamOutcome.InvalidRequest => false,
        UpstreamOutcome.Network => options.RetryNetworkErrors,
        _ => true,
    };

    private async Task<UpstreamStreamResult> SendOnceAsync(
        PreparedGrokCall call, ReadOnlyMemory<byte>? body, UpstreamCallOptions options, bool streaming, int attempt, CancellationToken cancellationToken)
    {
        var lease = egress.Acquire(call.Endpoint.Egress, options.FollowRedirects ?? call.Endpoint.FollowRedirects, out var egressError);
        if (lease is null)
        {
            return Failure(UpstreamOutcome.InvalidRequest, attempt, "the egress proxy URL is unusable: " + egressError);
        }

        HttpResponseMessage? response = null;
        var handedOver = false;
        try
        {
            using var timeout = new CancellationTokenSource(options.EffectiveTimeout, time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            using var request = GrokRequestFactory.Create(call, body);
            try
            {
                response = await lease.Invoker.SendAsync(request, linked.Token);
                var status = (int)response.StatusCode;
                var outcome = UpstreamResponseClassifier.Classify(status);
                var result = new UpstreamResult(outcome, status, attempt)
                {
                    RetryAfter = UpstreamResponseClassifier.RetryAfterOf(response, time),
                    ContentType = response.Content.Headers.ContentType?.MediaType,
                    Detail = outcome == UpstreamOutcome.Ok ? null : $"HTTP {status}",
                    Location = status is >= 300 and < 400 && response.Headers.Location is { } location
                        ? new Uri(call.RequestUri, location)
                        : null,
                };
                if (streaming && outcome == UpstreamOutcome.Ok)
                {
                    handedOver = true;
                    return new UpstreamStreamResult(result, response, lease);
                }

                var limit = outcome == UpstreamOutcome.Ok ? options.MaxBodyBytes : Math.Min(ErrorBodyLimit, options.MaxBodyBytes);
                var (bytes, tooLarge) = await BoundedBody.ReadAsync(response.Content, limit, linked.Token);
                if (tooLarge && outcome == UpstreamOutcome.Ok)
                {
                    return Failure(UpstreamOutcome.ResponseTooLarge, attempt, $"answer larger than {limit} bytes", status);
                }

                if (outcome != UpstreamOutcome.Ok)
                {
                    LogSnippet(call, status, bytes);
                }

                return new UpstreamStreamResult(
                    result with
                    {
                        Body = bytes,
                        ForbiddenKind = outcome == UpstreamOutcome.Forbidden
                            ? UpstreamResponseClassifier.ClassifyForbidden(response, bytes)
                            : UpstreamForbiddenKind.None,
                    },
                    null,
                    null);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested)
            {
                return Failure(UpstreamOutcome.Timeout, attempt, $"timed out after {options.EffectiveTimeout.TotalSeconds:0.###} s", (int?)response?.StatusCode);
            }
            catch (OperationCanceledException ex)
            {
                // Neither the caller nor our timeout: SocketsHttpHandler's ConnectTimeout.
                Log.AttemptException(logger, call.Endpoint.Name, call.TokenId, lease.Description, ex);
                return Failure(UpstreamOutcome.Network, attempt, "network error (connect timeout)");
            }
            catch (HttpRequestException ex)
            {
                Log.AttemptException(logger, call.Endpoint.Name, call.TokenId, lease.Description, ex);
                return Failure(UpstreamOutcome.Network, attempt, $"network error ({ex.HttpRequestError})");
            }
            catch (IOException ex)
            {
                Log.AttemptException(logger, call.Endpoint.Name, call.TokenId, lease.Description, ex);
                return Failure(UpstreamOutcome.Network, attempt, "network error (connection lost)");
            }
        }
        finally
        {
            if (!handedOver)
            {
                response?.Dispose();
                lease.Dispose();
            }
        }
    }

    private static UpstreamStreamResult Failure(UpstreamOutcome outcome, int attempt, string detail, int? status = null) =>
        new(new UpstreamResult(outcome, status, attempt) { Detail = detail }, null, null);

    private void LogSnippet(PreparedGrokCall call, int status, ReadOnlySpan<byte> body)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.ResponseSnippet(logger, call.Endpoint.Name, status, UpstreamSnippet.Of(body, call.BareToken));
        }
    }
}
