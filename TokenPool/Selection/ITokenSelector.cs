namespace Grok2Api.TokenPool.Selection;

/// <summary>
/// Hands out tokens for upstream calls and records how the calls ended. In memory, synchronous,
/// allocation-free and thread-safe: it never waits on I/O.
/// </summary>
public interface ITokenSelector
{
    /// <summary>
    /// Leases the eligible token with the most unreserved quota (ties broken at random) and holds
    /// <see cref="TokenRequest.Cost"/> of it in reserve. Eligible: in a pool of the request's tier
    /// (basic: both pools, ssoBasic first, or ssoSuper first with <see cref="TokenPoolPreference.PreferSuper"/>;
    /// super: ssoSuper only), active, at least one unit unreserved, carrying the required tag, not in
    /// <paramref name="tried"/>. Among the eligible tokens, one with the preferred tag comes first,
    /// then one with the whole cost unreserved, then one in the first pool. A token with less than
    /// the cost unreserved (chosen only when no eligible token has the whole cost) reserves what it has.
    /// </summary>
    /// <param name="request">What the call needs.</param>
    /// <param name="tried">Tokens this request already tried; the leased token is added to it.</param>
    /// <param name="lease">The lease, when one was handed out.</param>
    /// <returns>False when no token is eligible, or when <paramref name="tried"/> is full.</returns>
    bool TryLease(in TokenRequest request, ref TokenExclusions tried, out TokenLease lease);

    /// <summary>
    /// Releases the reservation of <paramref name="lease"/> and records <paramref name="outcome"/>.
    /// Completing a lease a second time does nothing. A lease on a token that was removed or moved
    /// meanwhile completes harmlessly.
    /// </summary>
    /// <param name="lease">The lease.</param>
    /// <param name="outcome">How the upstream call ended.</param>
    /// <param name="reason">Why it failed, e.g. <c>app_chat_auth_failed</c>, recorded as the last failure reason; null for a default per outcome. Never a token.</param>
    /// <returns>True when this call completed the lease; false when it was already completed or is empty.</returns>
    bool Complete(in TokenLease lease, LeaseOutcome outcome, string? reason);
}
