namespace Grok2Api.TokenPool.Refresh;

/// <summary>How a quota re-sync (the upstream rate-limits call) ended.</summary>
public enum QuotaSyncStatus
{
    /// <summary>The upstream answered; <see cref="QuotaSyncResult.RemainingTokens"/> holds the quota when it said one.</summary>
    Ok,

    /// <summary>The credential was rejected (401).</summary>
    Unauthorized,

    /// <summary>Cloudflare or anti-bot rejection (403): not the account's fault.</summary>
    Forbidden,

    /// <summary>The account is rate limited (429).</summary>
    RateLimited,

    /// <summary>Any other failure (5xx, network, timeout).</summary>
    Failed,
}

/// <summary>The outcome of one quota re-sync.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="RemainingTokens">The upstream <c>remainingTokens</c>, when it was present.</param>
/// <param name="Detail">A short reason for logs and the admin API; never contains the token.</param>
public readonly record struct QuotaSyncResult(QuotaSyncStatus Status, int? RemainingTokens, string? Detail);
