using Grok2Api.Configuration;
using Grok2Api.TokenPool.Batching;
using Microsoft.Extensions.Options;

namespace Grok2Api.TokenPool.Refresh;

/// <summary>
/// Runs quota re-syncs through <see cref="ITokenQuotaClient"/>: <c>usage.batch_size</c> tokens per
/// batch, at most <c>usage.concurrent</c> calls at once, each bounded by <c>usage.timeout</c>, and
/// applies each answer to the pool (<see cref="TokenTransitions.ApplySync"/>).
/// </summary>
internal sealed partial class TokenSyncRunner(
    TokenPoolState state,
    ITokenQuotaClient client,
    IOptionsMonitor<TokenSection> tokenOptions,
    IOptionsMonitor<UsageSection> usageOptions,
    TimeProvider timeProvider,
    TokenPoolMetrics metrics,
    ILogger<TokenSyncRunner> logger)
{
    /// <param name="targets">The tokens to ask, with their position in <paramref name="results"/>.</param>
    /// <param name="results">Results decided beforehand (not found, skipped); filled in by the run.</param>
    /// <param name="scheduled">Whether the scheduler runs it (an admin run may revive expired tokens).</param>
    /// <param name="progress">Receives one report per result.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public async Task<TokenRefreshResult[]> RunAsync(
        List<(int Index, TokenEntry Entry)> targets,
        TokenRefreshResult?[] results,
        bool scheduled,
        IProgress<TokenRefreshProgress>? progress,
        CancellationToken cancellationToken)
    {
        var tally = new RefreshTally(results.Length, progress);
        foreach (var done in results)
        {
            if (done is not null)
            {
                metrics.Refreshed(done.Outcome, scheduled);
                tally.Report(done);
            }
        }

        await BatchRunner.RunAsync(
            targets,
            () =>
            {
                var usage = usageOptions.CurrentValue;
                return BatchLimits.Of(usage.Concurrent, usage.BatchSize, usage.Timeout);
            },
            async (target, limits, token) =>
            {
                var result = await SyncOneAsync(target.Entry, scheduled, limits.Timeout, token);
                results[target.Index] = result;
                tally.Report(result);
            },
            cancellationToken);

        return results!;
    }

    private async Task<TokenRefreshResult> SyncOneAsync(TokenEntry entry, bool scheduled, TimeSpan timeout, CancellationToken cancellationToken)
    {
        QuotaSyncResult answer;
        try
        {
            using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
            answer = await client.FetchAsync(entry.Token, linked.Token).WaitAsync(timeout, timeProvider, cancellationToken);
        }
        catch (Exception ex) when (ex is TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            answer = new QuotaSyncResult(QuotaSyncStatus.Failed, null, "timeout");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The client reports expected failures as values; anything thrown is a bug there, and
            // must not stop the other tokens of the run.
            Log.TokenSyncThrew(logger, entry.Id, ex);
            answer = new QuotaSyncResult(QuotaSyncStatus.Failed, null, ex.GetType().Name);
        }

        var result = Apply(entry, answer, scheduled);
        metrics.Refreshed(result.Outcome, scheduled);
        return result;
    }

    /// <summary>After a failed re-sync the scheduler waits 1, 2, 4 ... minutes (at most an hour) before trying that token again.</summary>
    private static void ScheduleRetry(TokenEntry entry, QuotaSyncResult answer, long now)
    {
        if (answer.Status is QuotaSyncStatus.RateLimited || (answer.Status is QuotaSyncStatus.Ok && answer.RemainingTokens is not null))
        {
            entry.SyncFailures = 0;
            entry.SyncRetryNotBefore = 0;
            return;
        }

        entry.SyncFailures = Math.Min(entry.SyncFailures + 1, 16);
        var minutes = Math.Min(60, 1 << (entry.SyncFailures - 1));
        entry.SyncRetryNotBefore = now + (long)TimeSpan.FromMinutes(minutes).TotalMilliseconds;
    }

    private TokenRefreshResult Apply(TokenEntry entry, QuotaSyncResult answer, bool scheduled)
    {
        Transition transition;
        int quota;
        TokenStatus status;
        using (state.Gate.EnterScope())
        {
            if (entry.Removed)
            {
                return new TokenRefreshResult(entry.Id, TokenRefreshOutcome.NotFound, null, null, "removed during the refresh");
            }

            var threshold = tokenOptions.CurrentValue.FailThreshold;
            var now = state.NowMs();
            transition = TokenTransitions.ApplySync(entry, answer, reviveExpired: !scheduled, now, threshold);
            ScheduleRetry(entry, answer, now);
            state.Reindex(entry);
            quota = entry.Quota;
            status = entry.Status;
        }

        if (transition.Persist)
        {
            state.MarkDirty(entry);
        }

        var outcome = answer.Status switch
        {
            QuotaSyncStatus.Ok when answer.RemainingTokens is not null => TokenRefreshOutcome.Synced,
            QuotaSyncStatus.Unauthorized => TokenRefreshOutcome.Unauthorized,
            QuotaSyncStatus.Forbidden => TokenRefreshOutcome.Forbidden,
            QuotaSyncStatus.RateLimited => TokenRefreshOutcome.RateLimited,
            _ => TokenRefreshOutcome.Failed,
        };
        var detail = answer.Status == QuotaSyncStatus.Ok && answer.RemainingTokens is null ? "no remainingTokens in the answer" : answer.Detail;
        if (outcome == TokenRefreshOutcome.Synced)
        {
            Log.TokenSynced(logger, entry.Id, quota);
        }
        else
        {
            Log.TokenSyncFailed(logger, entry.Id, outcome, detail ?? "");
        }

        if (transition.StatusChanged)
        {
            Log.TokenStatusChanged(logger, entry.Id, TokenStatusNames.Of(transition.Before), TokenStatusNames.Of(transition.After));
        }

        return new TokenRefreshResult(entry.Id, outcome, quota, status, detail);
    }
}
