using System.Runtime.CompilerServices;

namespace Grok2Api.Proxy.Pipeline;

/// <summary>
/// The one upstream-attempt pipeline every client surface runs through (docs/adr/0004): lease an
/// account, run the exchange, classify a failure, report it to the pool, move to another account
/// before anything reached the client (within <c>retry.max_retry</c>, the backoff and
/// <c>retry.retry_budget</c>), commit, stream what the writer wrote, complete the lease, and
/// return the outcome as a value. Thread-safe; one instance serves every request.
/// </summary>
internal sealed partial class UpstreamPipeline(
    ITokenSelector selector,
    UpstreamRetryPolicy retryPolicy,
    IOptionsMonitor<RetrySection> retrySettings,
    UpstreamMetrics metrics,
    TimeProvider time,
    ILogger<UpstreamPipeline> logger)
{
    /// <summary>Runs <paramref name="plan"/> for the request until an account answers, the accounts or the retry budget run out, or the client leaves.</summary>
    /// <param name="context">The request; its response is written.</param>
    /// <param name="plan">The request's plan.</param>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<PipelineOutcome> RunAsync(HttpContext context, UpstreamPlan plan)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(plan);
        // Begun at the first failure: most requests succeed at once and need no session.
        RetrySession? retry = null;
        var tokens = plan.Tokens;
        var tried = new TokenExclusions();
        UpstreamFailure? last = null;
        string? tokenId = null;
        var attempts = 0;
        while (selector.TryLease(in tokens, ref tried, out var lease))
        {
            attempts++;
            tokenId = lease.TokenId;

            // The public id, never the token: the request log shows which account answered.
            context.Items[RequestLogMiddleware.TokenIdItemKey] = tokenId;
            var (status, failure) = await RunOneAsync(context, plan, lease);
            if (status is PipelineStatus.Succeeded or PipelineStatus.ClientAborted)
            {
                return new PipelineOutcome(status, failure, attempts, tokenId);
            }

            last = failure!;
            Log.AttemptFailed(logger, plan.Exchange.Name, plan.Model, lease.TokenId, attempts, last.Tag, last.Detail);
            if (status == PipelineStatus.FailedAfterCommit)
            {
                return new PipelineOutcome(status, last, attempts, tokenId);
            }

            retry ??= retryPolicy.Begin(retrySettings.CurrentValue, []);
            var decision = retry.NextAccount(last);
            if (!decision.ShouldRetry)
            {
                break;
            }

            if (decision.Delay > TimeSpan.Zero)
            {
                try
                {
                    await Task.Delay(decision.Delay, time, context.RequestAborted);
                }
                catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
                {
                    return new PipelineOutcome(PipelineStatus.ClientAborted, last, attempts, tokenId);
                }
            }
        }

        last ??= new UpstreamFailure(UpstreamFailureKind.NoAccount, "no account available");
        if (!context.RequestAborted.IsCancellationRequested && !context.Response.HasStarted)
        {
            context.Response.Clear();
            await plan.Surface.WriteFailureAsync(context, last);
        }

        return new PipelineOutcome(PipelineStatus.Failed, last, attempts, tokenId);
    }

    // The lease is always completed, whatever happens in the attempt; a client that leaves costs the account nothing.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(PipelineStatus Status, UpstreamFailure? Failure)> RunOneAsync(HttpContext context, UpstreamPlan plan, TokenLease lease)
    {
        using var writer = plan.Surface.CreateWriter(context);
        using var attempt = new UpstreamAttempt(context, lease, writer, plan.Surface, plan.Timeouts);
        var status = PipelineStatus.ClientAborted;
        UpstreamFailure? failure = null;
        try
        {
            failure = await RunExchangeAsync(plan.Exchange, attempt);

            // A complete answer the writer found broken (a tool call outside the protocol) failed too.
            failure ??= writer.Rejection;
            if (failure is null && !context.RequestAborted.IsCancellationRequested)
            {
                await context.Response.BodyWriter.FlushAsync(context.RequestAborted);
                status = PipelineStatus.Succeeded;
            }
            else if (failure is not null)
            {
                status = await FailAsync(attempt, failure);
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            status = PipelineStatus.ClientAborted;
        }
        finally
        {
            if (status == PipelineStatus.ClientAborted)
            {
                failure = null;
            }

            var outcome = status == PipelineStatus.ClientAborted ? LeaseOutcome.ClientAbort : LeaseOutcomes.Of(failure);
            selector.Complete(in lease, outcome, failure?.Detail);
            metrics.RecordExchange(plan.Exchange.Name, status == PipelineStatus.ClientAborted ? UpstreamMetrics.ClientAbortTag : UpstreamMetrics.OutcomeTag(failure?.Kind));
        }

        return (status, failure);
    }

    // Exceptions become failures here, once for every exchange: a time limit, a broken connection, a bug.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<UpstreamFailure?> RunExchangeAsync(IUpstreamExchange exchange, UpstreamAttempt attempt)
    {
        try
        {
            return await exchange.RunAsync(attempt);
        }
        catch (OperationCanceledException) when (attempt.Cancellation.IsCancellationRequested)
        {
            return attempt.Expired() ?? throw new OperationCanceledException(attempt.RequestAborted);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or HttpIOException)
        {
            attempt.RequestAborted.ThrowIfCancellationRequested();
            return new UpstreamFailure(UpstreamFailureKind.Network, attempt.Started ? "the connection broke during the answer" : "the connection broke")
            {
                Status = attempt.Started ? 200 : null,
            };
        }
#pragma warning disable CA1031 // A bug in an exchange or a writer fails the attempt with a logged error instead of a 500 mid-stream.
        catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
        {
            Log.ExchangeFailed(logger, ex, exchange.Name, attempt.Lease.TokenId);
            return new UpstreamFailure(UpstreamFailureKind.StreamError, "the gateway could not translate the answer") { Status = 200 };
        }
    }

    // Before anything reached the client another account may try; a stream that has begun ends with one error event.
    private static async Task<PipelineStatus> FailAsync(UpstreamAttempt attempt, UpstreamFailure failure)
    {
        if (!attempt.SentToClient)
        {
            return PipelineStatus.Failed;
        }

        if (!attempt.RequestAborted.IsCancellationRequested)
        {
            attempt.Writer.Fail(failure);
            await attempt.Http.Response.BodyWriter.FlushAsync(attempt.RequestAborted);
        }

        return PipelineStatus.FailedAfterCommit;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ExchangeAttemptFailed, Level = LogLevel.Warning, Message = "{Exchange} attempt {Attempt} for {Model} on token {TokenId} failed: {Kind} ({Detail})")]
        public static partial void AttemptFailed(ILogger logger, string exchange, string model, string tokenId, int attempt, string kind, string detail);

        [LoggerMessage(EventId = EventIds.ExchangeFailed, Level = LogLevel.Error, Message = "{Exchange} on token {TokenId} failed with an unexpected error")]
        public static partial void ExchangeFailed(ILogger logger, Exception exception, string exchange, string tokenId);
    }
}
