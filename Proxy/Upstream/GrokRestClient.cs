using System.Buffers;
using System.Runtime.CompilerServices;

namespace Grok2Api.Proxy.Upstream;

/// <summary>
/// The upstream client for Grok web REST and gRPC-web calls: one header set per logical call
/// (reused by its retries), the egress proxy of the endpoint, per-attempt timeouts, bounded body
/// reads and the retry policy. Thread-safe; register as a singleton.
/// </summary>
internal sealed partial class GrokRestClient(
    GrokCallPreparer preparer,
    UpstreamRetryPolicy retryPolicy,
    IOptionsMonitor<RetrySection> retrySettings,
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
        using var outcome = await ExecuteAsync(endpoint, token, Sequence(body), options, streaming: false, cancellationToken);
        return outcome.Result;
    }

    public async Task<UpstreamResult> SendAsync(
        GrokEndpoint endpoint, string token, ReadOnlySequence<byte> body, UpstreamCallOptions options, CancellationToken cancellationToken)
    {
        using var outcome = await ExecuteAsync(endpoint, token, body, options, streaming: false, cancellationToken);
        return outcome.Result;
    }

    public Task<UpstreamStreamResult> SendStreamingAsync(
        GrokEndpoint endpoint, string token, ReadOnlyMemory<byte>? body, UpstreamCallOptions options, CancellationToken cancellationToken) =>
        ExecuteAsync(endpoint, token, Sequence(body), options, streaming: true, cancellationToken);

    private static ReadOnlySequence<byte>? Sequence(ReadOnlyMemory<byte>? body) =>
        body is { } bytes ? new ReadOnlySequence<byte>(bytes) : null;

    private async Task<UpstreamStreamResult> ExecuteAsync(
        GrokEndpoint endpoint, string token, ReadOnlySequence<byte>? body, UpstreamCallOptions options, bool streaming, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(token);
        ArgumentNullException.ThrowIfNull(options);
        if (!preparer.TryPrepare(endpoint, token, out var call, out var error))
        {
            Log.RequestNotBuilt(logger, endpoint.Name, error!);
            metrics.RecordAttempt(endpoint.Name, UpstreamFailureKind.Configuration);
            return new UpstreamStreamResult(UpstreamResult.Failed(UpstreamFailureKind.Configuration, error!), null, null);
        }

        // Begun at the first failure: most calls succeed at once and need no session.
        RetrySession? retry = null;
        for (var attempt = 1; ; attempt++)
        {
            var sent = await SendOnceAsync(call!, body, options, streaming, attempt, cancellationToken);
            var result = sent.Result;
            metrics.RecordAttempt(endpoint.Name, result.Failure?.Kind);
            if (result.Failure is not { } failure)
            {
                return sent;
            }

            Log.AttemptFailed(logger, endpoint.Name, attempt, call!.TokenId, failure.Tag, result.StatusCode, failure.Detail);
            var decision = options.Retry
                ? (retry ??= retryPolicy.Begin(retrySettings.CurrentValue, options.ExcludedRetryStatuses)).Next(failure, options.RetryNetworkErrors)
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

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<UpstreamStreamResult> SendOnceAsync(
        PreparedGrokCall call, ReadOnlySequence<byte>? body, UpstreamCallOptions options, bool streaming, int attempt, CancellationToken cancellationToken)
    {
        var lease = egress.Acquire(call.Endpoint.Egress, options.FollowRedirects ?? call.Endpoint.FollowRedirects, out var egressError);
        if (lease is null)
        {
            return Failure(UpstreamFailureKind.Configuration, attempt, "the egress proxy URL is unusable: " + egressError);
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
                var ok = status is >= 200 and < 300;
                var result = new UpstreamResult(null, status, attempt)
                {
                    ContentType = response.Content.Headers.ContentType?.MediaType,
                    Location = status is >= 300 and < 400 && response.Headers.Location is { } location
                        ? new Uri(call.RequestUri, location)
                        : null,
                };
                if (streaming && ok)
                {
                    handedOver = true;
                    return new UpstreamStreamResult(result, response, lease);
                }

                var limit = ok ? options.MaxBodyBytes : Math.Min(ErrorBodyLimit, options.MaxBodyBytes);
                var (bytes, tooLarge) = await BoundedBody.ReadAsync(response.Content, limit, linked.Token);
                if (tooLarge && ok)
                {
                    return Failure(UpstreamFailureKind.ResponseTooLarge, attempt, $"answer larger than {limit} bytes", status);
                }

                if (!ok)
                {
                    LogSnippet(call, status, bytes);
                }

                return new UpstreamStreamResult(
                    result with
                    {
                        Body = bytes,
                        Failure = ok ? null : UpstreamResponseClassifier.Classify(response, bytes, time),
                        GrpcStatus = HeaderOf(response, "grpc-status"),
                        GrpcMessage = HeaderOf(response, "grpc-message"),
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
                return Failure(UpstreamFailureKind.Timeout, attempt, $"timed out after {options.EffectiveTimeout.TotalSeconds:0.###} s", (int?)response?.StatusCode);
            }
            catch (OperationCanceledException ex)
            {
                // Neither the caller nor our timeout: SocketsHttpHandler's ConnectTimeout.
                Log.AttemptException(logger, call.Endpoint.Name, call.TokenId, lease.Description, ex.GetType().Name);
                return Failure(UpstreamFailureKind.Network, attempt, "network error (connect timeout)");
            }
            catch (HttpRequestException ex)
            {
                Log.AttemptException(logger, call.Endpoint.Name, call.TokenId, lease.Description, $"{ex.GetType().Name} ({ex.HttpRequestError})");
                return Failure(UpstreamFailureKind.Network, attempt, $"network error ({ex.HttpRequestError})");
            }
            catch (IOException ex)
            {
                Log.AttemptException(logger, call.Endpoint.Name, call.TokenId, lease.Description, ex.GetType().Name);
                return Failure(UpstreamFailureKind.Network, attempt, "network error (connection lost)");
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

    /// <summary>A header of the answer, or the same name among its HTTP trailers (read once the body is).</summary>
    private static string? HeaderOf(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.TrailingHeaders.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;

    private static UpstreamStreamResult Failure(UpstreamFailureKind kind, int attempt, string detail, int? status = null) =>
        new(UpstreamResult.Failed(kind, detail, attempt, status), null, null);

    private void LogSnippet(PreparedGrokCall call, int status, ReadOnlySpan<byte> body)
    {
        if (logger.IsEnabled(LogLevel.Debug))
        {
            Log.ResponseSnippet(logger, call.Endpoint.Name, status, UpstreamSnippet.Of(body, call.BareToken));
        }
    }
}
