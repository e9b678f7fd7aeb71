namespace Grok2Api.TokenPool.Registry;

/// <summary>
/// One page of a listing, with the total that matched and pool-wide statistics. The items are
/// snapshots of the records with their pools, bare tokens included: the admin layer masks them.
/// </summary>
public sealed record TokenPage(IReadOnlyList<PooledToken> Items, int Total, int Page, int PageSize, TokenStats Stats);
