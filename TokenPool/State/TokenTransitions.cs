using Grok2Api.TokenPool.Refresh;

namespace Grok2Api.TokenPool.State;

/// <summary>
/// The token state machine (docs/grok-protocol.md §6.1 and §9.2, with the fixes of
/// docs/compatibility.md §8.7): how a lease outcome or a quota re-sync changes a record. Pure rules on one
/// entry, applied under <see cref="TokenPoolState.Gate"/>; the caller re-indexes afterwards.
/// A disabled token is never revived here.
/// </summary>
internal static class TokenTransitions
{
    public static Transition ApplyOutcome(TokenEntry entry, LeaseOutcome outcome, int cost, string? reason, long now, int failThreshold)
    {
        var before = entry.Status;
        switch (outcome)
        {
            case LeaseOutcome.Success:
                var taken = Math.Min(cost, entry.Quota);
                entry.Quota -= taken;
                entry.UseCount += taken;
                entry.LastUsedAt = now;
                entry.FailCount = 0;
                CoolWhenEmpty(entry);
                break;
            case LeaseOutcome.RateLimited:
                RateLimit(entry);
                RecordFailure(entry, now, reason ?? TokenPoolConstants.RateLimited);
                break;
            case LeaseOutcome.Unauthorized:
                CountRejection(entry, now, reason ?? TokenPoolConstants.Unauthorized, failThreshold);
                break;
            case LeaseOutcome.Forbidden:
                RecordFailure(entry, now, reason ?? TokenPoolConstants.Forbidden);
                break;
            default:
                return Transition.None(before);
        }

        return new Transition(true, before, entry.Status);
    }

    /// <param name="entry">The token.</param>
    /// <param name="result">What the upstream said.</param>
    /// <param name="reviveExpired">Whether quota above 0 may turn an expired token active (explicit admin refresh only).</param>
    /// <param name="now">Milliseconds since the epoch.</param>
    /// <param name="failThreshold">token.fail_threshold.</param>
    public static Transition ApplySync(TokenEntry entry, QuotaSyncResult result, bool reviveExpired, long now, int failThreshold)
    {
        var before = entry.Status;
        switch (result.Status)
        {
            case QuotaSyncStatus.Ok when result.RemainingTokens is { } remaining:
                entry.Force(TokenFields.Quota);
                entry.Quota = Math.Max(0, remaining);
                entry.LastSyncAt = now;
                entry.FailCount = 0;
                if (entry.Quota == 0)
                {
                    if (entry.Status == TokenStatus.Active || (reviveExpired && entry.Status == TokenStatus.Expired))
                    {
                        entry.Status = TokenStatus.Cooling;
                    }
                }
                else if (entry.Status == TokenStatus.Cooling || (reviveExpired && entry.Status == TokenStatus.Expired))
                {
                    entry.Status = TokenStatus.Active;
                }

                break;
            case QuotaSyncStatus.Unauthorized:
                CountRejection(entry, now, TokenPoolConstants.RateLimitsAuthFailed, failThreshold);
                break;
            case QuotaSyncStatus.RateLimited:
                // The upstream answered for the account: count it as a sync so a limited account
                // is asked again after the interval, not on every scheduler tick.
                RateLimit(entry);
                entry.LastSyncAt = now;
                break;
            default:
                return Transition.None(before);
        }

        return new Transition(true, before, entry.Status);
    }

    private static void CoolWhenEmpty(TokenEntry entry)
    {
        if (entry.Quota == 0 && entry.Status == TokenStatus.Active)
        {
            entry.Status = TokenStatus.Cooling;
        }
    }

    private static void RateLimit(TokenEntry entry)
    {
        // The upstream said the account is used up: that is a value, not a local count.
        entry.Force(TokenFields.Quota);
        entry.Quota = 0;
        CoolWhenEmpty(entry);
    }

    private static void CountRejection(TokenEntry entry, long now, string reason, int failThreshold)
    {
        entry.FailCount++;
        RecordFailure(entry, now, reason);
        if (entry.FailCount >= Math.Max(1, failThreshold) && entry.Status is TokenStatus.Active or TokenStatus.Cooling)
        {
            entry.Status = TokenStatus.Expired;
        }
    }

    private static void RecordFailure(TokenEntry entry, long now, string reason)
    {
        entry.LastFailAt = now;
        entry.LastFailReason = reason;
    }
}
