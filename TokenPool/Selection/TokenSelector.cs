using Grok2Api.Configuration;
using Grok2Api.TokenPool.Refresh;
using Microsoft.Extensions.Options;

namespace Grok2Api.TokenPool.Selection;

/// <summary>
/// Leases and completes tokens over <see cref="TokenPoolState"/>. The hot path: one lock, a few
/// array operations, no allocation (<see cref="QuotaIndex"/> explains the data structure).
/// </summary>
internal sealed partial class TokenSelector(
    TokenPoolState state,
    IOptionsMonitor<TokenSection> tokenOptions,
    TokenPoolMetrics metrics,
    TokenRefreshNudge refreshNudge,
    ILogger<TokenSelector> logger) : ITokenSelector
{
    public bool TryLease(in TokenRequest request, ref TokenExclusions tried, out TokenLease lease)
    {
        if (request.Cost is < 1 or > QuotaIndex.TopBucket)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Cost, $"Cost must be between 1 and {QuotaIndex.TopBucket}.");
        }

        lease = default;
        var leased = !tried.IsFull && TryLeaseCore(request, ref tried, out lease);
        metrics.LeaseAttempted(request.Tier, leased);
        if (!leased && !tried.IsFull)
        {
            // No account for this request: the due re-syncs (cooling accounts) run now, in the
            // background and rate limited; this request does not wait for them.
            refreshNudge.Nudge();
        }

        return leased;
    }

    public bool Complete(in TokenLease lease, LeaseOutcome outcome, string? reason)
    {
        if (lease.IsEmpty)
        {
            return false;
        }

        TokenEntry entry;
        Transition transition;
        int failCount;
        // The clock is read before the lock: the other leasing thread need not wait for it.
        var now = outcome is LeaseOutcome.TransientFailure or LeaseOutcome.ClientAbort ? 0 : state.NowMs();
        using (state.Gate.EnterScope())
        {
            if (!state.Leases.TryRelease(lease.Slot, lease.Generation, out entry, out var reserved, out var cost))
            {
                return false;
            }

            entry.Reserved -= reserved;
            if (entry.Removed)
            {
                transition = Transition.None(entry.Status);
            }
            else
            {
                var threshold = outcome == LeaseOutcome.Unauthorized ? tokenOptions.CurrentValue.FailThreshold : int.MaxValue;
                transition = TokenTransitions.ApplyOutcome(entry, outcome, cost, reason, now, threshold);
            }

            state.Reindex(entry);
            failCount = entry.FailCount;
        }

        if (transition.Persist)
        {
            state.MarkDirty(entry);
        }

        LogTransition(entry.Id, outcome, transition, failCount, reason);
        metrics.LeaseCompleted(outcome, lease.Pool);
        return true;
    }

    private bool TryLeaseCore(in TokenRequest request, ref TokenExclusions tried, out TokenLease lease)
    {
        var preferSuper = request.Tier == PoolTier.Super || request.Preference == TokenPoolPreference.PreferSuper;
        var first = state.IndexOf(preferSuper ? TokenPools.Super : TokenPools.Basic)!;
        var second = request.Tier == PoolTier.Super ? null : state.IndexOf(preferSuper ? TokenPools.Basic : TokenPools.Super);
        using (state.Gate.EnterScope())
        {
            var entry = Find(first, second, request, tried, state.Random);
            if (entry is null)
            {
                lease = default;
                return false;
            }

            // A token that cannot pay the whole cost (the last resort) reserves what it has: never
            // more than its quota, so the reservations of concurrent leases still add up.
            var reserved = Math.Min(request.Cost, entry.Available);
            entry.Reserved += reserved;
            state.Reindex(entry);
            var slot = state.Leases.Rent(entry, reserved, request.Cost, out var generation);
            tried.TryAdd(entry.Handle);
            lease = new TokenLease(entry, entry.Pool, request.Cost, reserved, slot, generation);
            return true;
        }
    }

    /// <summary>
    /// The token for <paramref name="request"/>, in this order of preference: the preferred tag
    /// before any tag, then the whole cost unreserved before less than the cost (but at least one
    /// unit), then the first pool before the second. Within one such step, the most unreserved quota
    /// wins. A request with a required tag looks among tokens with that tag only.
    /// </summary>
    private static TokenEntry? Find(PoolIndex first, PoolIndex? second, in TokenRequest request, in TokenExclusions tried, Random random)
    {
        if (request.PreferredTag is { } preferred
            && Find(first, second, preferred, request.Cost, tried, random) is { } tagged)
        {
            return tagged;
        }

        return Find(first, second, request.RequiredTag, request.Cost, tried, random);
    }

    private static TokenEntry? Find(PoolIndex first, PoolIndex? second, string? tag, int cost, in TokenExclusions tried, Random random)
    {
        var entry = first.Select(tag, cost, tried, random) ?? second?.Select(tag, cost, tried, random);
        if (entry is null && cost > 1)
        {
            entry = first.Select(tag, 1, tried, random) ?? second?.Select(tag, 1, tried, random);
        }

        return entry;
    }

    private void LogTransition(string tokenId, LeaseOutcome outcome, Transition transition, int failCount, string? reason)
    {
        if (transition.StatusChanged)
        {
            if (transition.After == TokenStatus.Cooling)
            {
                Log.TokenCooling(logger, tokenId, outcome);
            }
            else if (transition.After == TokenStatus.Expired)
            {
                Log.TokenExpired(logger, tokenId, failCount, reason ?? TokenPoolConstants.Unauthorized);
            }
        }
        else if (outcome == LeaseOutcome.Forbidden)
        {
            Log.TokenForbidden(logger, tokenId, reason ?? TokenPoolConstants.Forbidden);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.TokenCooling, LogLevel.Information, "Token {TokenId} is cooling after {Outcome}", EventName = "TokenCooling")]
        public static partial void TokenCooling(ILogger logger, string tokenId, LeaseOutcome outcome);

        [LoggerMessage(EventIds.TokenExpired, LogLevel.Warning, "Token {TokenId} expired after {FailCount} credential rejections ({Reason})", EventName = "TokenExpired")]
        public static partial void TokenExpired(ILogger logger, string tokenId, int failCount, string reason);

        [LoggerMessage(EventIds.TokenForbidden, LogLevel.Debug, "Token {TokenId} was refused by the upstream's anti-bot layer ({Reason}); no penalty", EventName = "TokenForbidden")]
        public static partial void TokenForbidden(ILogger logger, string tokenId, string reason);
    }
}
