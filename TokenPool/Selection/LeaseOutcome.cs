namespace Grok2Api.TokenPool.Selection;

/// <summary>How the upstream call made with a leased token ended; decides what the pool records.</summary>
/// <remarks>Quota is charged only on <see cref="Success"/>. No outcome revives a disabled token.</remarks>
public enum LeaseOutcome
{
    /// <summary>The call succeeded: the cost is charged (floored at 0), use count and last use recorded, the failure count reset; quota 0 makes the token cooling.</summary>
    Success,

    /// <summary>Upstream 429: the token becomes cooling with quota 0.</summary>
    RateLimited,

    /// <summary>Upstream 401: the failure count grows; at <c>token.fail_threshold</c> the token becomes expired.</summary>
    Unauthorized,

    /// <summary>Upstream 403 (Cloudflare or anti-bot): not the account's fault, no penalty; the reason is recorded for visibility.</summary>
    Forbidden,

    /// <summary>Upstream 5xx or a network failure: no penalty and no charge.</summary>
    TransientFailure,

    /// <summary>The client went away: no penalty and no charge.</summary>
    ClientAbort,
}
