namespace Grok2Api.TokenPool.Registry;

/// <summary>What <see cref="ITokenPoolOverview.Summarize"/> found.</summary>
/// <param name="Pools">One entry per known pool, in <c>TokenPools.All</c> order, also when empty.</param>
/// <param name="Nsfw">Tokens tagged <c>nsfw</c>, in any status.</param>
/// <param name="AttentionTotal">Every token needing attention.</param>
/// <param name="Attention">The most urgent of them, at most the number asked for (<see cref="TokenAttentionRule.Compare"/> order).</param>
public sealed record TokenPoolSummary(IReadOnlyList<PoolCounts> Pools, int Nsfw, int AttentionTotal, IReadOnlyList<TokenAttention> Attention);
