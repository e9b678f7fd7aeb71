namespace Grok2Api.TokenPool.Registry;

/// <summary>The tokens of one pool by status, and the quota its active tokens have left.</summary>
/// <param name="Pool">The pool name.</param>
/// <param name="Total">Every token of the pool.</param>
/// <param name="Active">Active tokens.</param>
/// <param name="Cooling">Cooling tokens.</param>
/// <param name="Expired">Expired tokens.</param>
/// <param name="Disabled">Disabled tokens.</param>
/// <param name="QuotaLeft">The sum of the quota of the active tokens: what the pool can still serve before a re-sync.</param>
public sealed record PoolCounts(string Pool, int Total, int Active, int Cooling, int Expired, int Disabled, long QuotaLeft);
