using Grok2Api.Storage.Configuration;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Diagnostics;
using Grok2Api.TokenPool.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Grok2Api.TokenPool.Refresh;

/// <summary>
/// Re-syncs quotas through <see cref="ITokenQuotaClient"/> (upstream-protocol.md §8): for the admin
/// (<see cref="RefreshAsync"/>) and for the scheduler (<see cref="RefreshDueAsync"/>, which also
/// re-syncs active tokens so the local quota does not drift from the upstream's).
/// </summary>
internal sealed partial class TokenRefresher(
    TokenPoolState state,
    ITokenQuotaClient client,
    IOptionsMonitor<GrokConfig> config,
    TimeProvider timeProvider,
    TokenPoolMetrics metrics,
    ILogger<TokenRefresher> logger) : ITokenRefresher
{
    private int _scheduledRunning;

    public async Task<IReadOnlyList<TokenRefreshResult>> RefreshAsync(IReadOnlyCollection<string>? ids, IProgress<TokenRefreshProgress>? progress, CancellationToken cancellationToken)
    {
        state.EnsureInitialized();
        var idList = ids?.ToArray();
        List<TokenEntry?> requested;
        lock (state.Gate)
        {
            requested = idList is null
                ? [.. OrderNewestFirst(state.Entries)]
                : [.. idList.Select(id => id is null ? null : state.FindById(id))];
        }

        var results = new TokenRefreshResult?[requested.Count];
        List<(int Index, TokenEntry Entry)> targets = [];
        for (var i = 0; i < requested.Count; i++)
        {
            var entry = requested[i];
            if (entry is null)
            {
                results[i] = new TokenRefreshResult(idList![i] ?? "", TokenRefreshOutcome.NotFound, null, null, "no token has this id");
            }
            else if (entry.Status == TokenStatus.Disabled)
            {
                results[i] = new TokenRefreshResult(entry.Id, TokenRefreshOutcome.Skipped, entry.Quota, entry.Status, "disabled");
            }
            else
            {
                targets.Add((i, entry));
            }
        }

        return await RunAsync(targets, results, scheduled: false, progress, cancellationToken);
    }

    /// <summary>
    /// Re-syncs the active and cooling tokens of ssoBasic and ssoSuper whose last sync (or creation)
    /// is older than their pool's interval, read live from config. One run at a time: returns -1
    /// at once when a run is already going.
    /// </summary>
    internal async Task<int> RefreshDueAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _scheduledRunning, 1) == 1)
        {
            return -1;
        }

        try
        {
            var tokenConfig = config.CurrentValue.Token;
            var now = state.NowMs();
            var basicDue = now - (long)TimeSpan.FromHours(tokenConfig.RefreshIntervalHours).TotalMilliseconds;
            var superDue = now - (long)TimeSpan.FromHours(tokenConfig.SuperRefreshIntervalHours).TotalMilliseconds;
            List<(int Index, TokenEntry Entry)> targets = [];
            lock (state.Gate)
            {
                foreach (var entry in state.Entries)
                {
                    var dueBefore = entry.Pool switch
                    {
                        TokenPools.Basic => basicDue,
                        TokenPools.Super => superDue,
                        _ => long.MinValue,
                    };
                    if (entry.Status is TokenStatus.Active or TokenStatus.Cooling && (entry.LastSyncAt ?? entry.CreatedAt ?? 0) <= dueBefore)
                    {
                        targets.Add((targets.Count, entry));
                    }
                }
            }

            if (targets.Count > 0)
            {
                Log.RefreshStarted(logger, targets.Count);
                var results = await RunAsync(targets, new TokenRefreshResult?[targets.Count], scheduled: true, progress: null, cancellationToken);
                Log.RefreshFinished(logger, results.Count(r => r.Outcome == TokenRefreshOutcome.Synced), results.Length);
            }

            return targets.Count;
        }
        finally
        {
            Volatile.Write(ref _scheduledRunning, 0);
        }
    }

    private async Task<TokenRefreshResult[]> RunAsync(
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

        for (var offset = 0; offset < targets.Count;)
        {
            // Read per batch so a config change applies to the rest of a long run.
            var usage = config.CurrentValue.Usage;
            var batch = targets.GetRange(offset, Math.Min(usage.BatchSize, targets.Count - offset));
            var timeout = TimeSpan.FromSeconds(usage.Timeout);
            var options = new ParallelOptions { MaxDegreeOfParallelism = usage.Concurrent, CancellationToken = cancellationToken };
            await Parallel.ForEachAsync(batch, options, async (target, token) =>
            {
                var result = await SyncOneAsync(target.Entry, scheduled, timeout, token);
                results[target.Index] = result;
                tally.Report(result);
            });
            offset += batch.Count;
        }

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

    private TokenRefreshResult Apply(TokenEntry entry, QuotaSyncResult answer, bool scheduled)
    {
        Transition transition;
        int quota;
        TokenStatus status;
        lock (state.Gate)
        {
            if (entry.Removed)
            {
                return new TokenRefreshResult(entry.Id, TokenRefreshOutcome.NotFound, null, null, "removed during the refresh");
            }

            var threshold = config.CurrentValue.Token.FailThreshold;
            transition = TokenTransitions.ApplySync(entry, answer, reviveExpired: !scheduled, state.NowMs(), threshold);
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
            Log.TokenStatusChanged(logger, entry.Id, TokenPoolMetrics.StatusName(transition.Before), TokenPoolMetrics.StatusName(transition.After));
        }

        return new TokenRefreshResult(entry.Id, outcome, quota, status, detail);
    }

    private static IEnumerable<TokenEntry> OrderNewestFirst(IEnumerable<TokenEntry> entries) =>
        entries.OrderByDescending(e => e.CreatedAt ?? 0).ThenBy(e => e.Id, StringComparer.Ordinal);

    private static partial class Log
    {
        [LoggerMessage(EventIds.RefreshStarted, LogLevel.Information, "Re-syncing the quota of {Count} tokens", EventName = "RefreshStarted")]
        public static partial void RefreshStarted(ILogger logger, int count);

        [LoggerMessage(EventIds.RefreshFinished, LogLevel.Information, "Quota re-sync done: {Synced} of {Count} tokens synced", EventName = "RefreshFinished")]
        public static partial void RefreshFinished(ILogger logger, int synced, int count);

        [LoggerMessage(EventIds.TokenSynced, LogLevel.Debug, "Token {TokenId} re-synced: quota {Quota}", EventName = "TokenSynced")]
        public static partial void TokenSynced(ILogger logger, string tokenId, int quota);

        [LoggerMessage(EventIds.TokenSyncFailed, LogLevel.Warning, "Token {TokenId} re-sync ended {Outcome}: {Detail}", EventName = "TokenSyncFailed")]
        public static partial void TokenSyncFailed(ILogger logger, string tokenId, TokenRefreshOutcome outcome, string detail);

        [LoggerMessage(EventIds.TokenSyncThrew, LogLevel.Error, "The quota client threw for token {TokenId}", EventName = "TokenSyncThrew")]
        public static partial void TokenSyncThrew(ILogger logger, string tokenId, Exception exception);

        [LoggerMessage(EventIds.RefreshTokenStatusChanged, LogLevel.Information, "Token {TokenId} went from {Before} to {After} after a re-sync", EventName = "RefreshTokenStatusChanged")]
        public static partial void TokenStatusChanged(ILogger logger, string tokenId, string before, string after);
    }
}
