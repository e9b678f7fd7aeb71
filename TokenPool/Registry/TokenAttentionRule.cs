using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.State;

namespace Grok2Api.TokenPool.Registry;

/// <summary>
/// Which tokens need attention (docs/adr/0011): every expired and every cooling token, and every
/// active token that is failing: it has credential rejections in a row (<c>fail_count &gt; 0</c>), or
/// it failed within <see cref="RecentFailure"/> and has not served a request since. Disabled tokens
/// never do: an operator turned them off on purpose.
/// </summary>
public static class TokenAttentionRule
{
    /// <summary>How long a failure of an active token counts as recent.</summary>
    public static readonly TimeSpan RecentFailure = TimeSpan.FromHours(1);

    /// <summary>Whether an active token with these counters is failing at <paramref name="nowMs"/>.</summary>
    /// <param name="failCount">Consecutive credential rejections.</param>
    /// <param name="lastFailAt">When it last failed.</param>
    /// <param name="lastUsedAt">When it last served a request.</param>
    /// <param name="nowMs">Now, in ms since the epoch.</param>
    public static bool IsFailing(int failCount, long? lastFailAt, long? lastUsedAt, long nowMs) =>
        failCount > 0
        || (lastFailAt is { } failed
            && failed >= nowMs - (long)RecentFailure.TotalMilliseconds
            && (lastUsedAt is null || lastUsedAt < failed));

    /// <summary>Orders by urgency: reason (expired, failing, cooling), then the latest failure first, then id.</summary>
    public static int Compare(TokenAttention a, TokenAttention b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var byReason = a.Reason.CompareTo(b.Reason);
        if (byReason != 0)
        {
            return byReason;
        }

        var byFailure = (b.LastFailAt ?? long.MinValue).CompareTo(a.LastFailAt ?? long.MinValue);
        return byFailure != 0 ? byFailure : string.CompareOrdinal(a.Id, b.Id);
    }

    internal static AttentionReason? Classify(TokenEntry entry, long nowMs) => entry.Status switch
    {
        TokenStatus.Expired => AttentionReason.Expired,
        TokenStatus.Cooling => AttentionReason.Cooling,
        TokenStatus.Active when IsFailing(entry.FailCount, entry.LastFailAt, entry.LastUsedAt, nowMs) => AttentionReason.Failing,
        _ => null,
    };
}
