namespace Grok2Api.TokenPool.Registry;

/// <summary>One page of a listing, with the total that matched and pool-wide statistics.</summary>
public sealed record TokenPage(IReadOnlyList<TokenView> Items, int Total, int Page, int PageSize, TokenStats Stats);
