namespace Grok2Api.TokenPool.Refresh;

/// <summary>The re-sync result of one token.</summary>
/// <param name="TokenId">The token id (never the token).</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Quota">The token's quota afterwards; null when the token does not exist.</param>
/// <param name="Status">The token's status afterwards; null when the token does not exist.</param>
/// <param name="Detail">A short reason for failures, for the admin task log; never contains the token.</param>
public sealed record TokenRefreshResult(string TokenId, TokenRefreshOutcome Outcome, int? Quota, TokenStatus? Status, string? Detail);
