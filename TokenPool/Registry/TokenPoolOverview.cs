using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Selection;
using Grok2Api.TokenPool.State;

namespace Grok2Api.TokenPool.Registry;

/// <summary>
/// <see cref="ITokenPoolOverview"/> over <see cref="TokenPoolState"/>: one pass over the entries under
/// the pool lock. The most urgent tokens needing attention are kept in a heap bounded by the number
/// asked for, so memory stays small with any pool size.
/// </summary>
internal sealed class TokenPoolOverview(TokenPoolState state) : ITokenPoolOverview
{
    private static readonly Comparer<TokenAttention> LeastUrgentFirst =
        Comparer<TokenAttention>.Create((a, b) => TokenAttentionRule.Compare(b, a));

    public TokenPoolSummary Summarize(int maxAttention)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxAttention);
        var pools = TokenPools.All;
        var counts = new int[pools.Count, 5];
        var quota = new long[pools.Count];
        var nsfw = 0;
        var attentionTotal = 0;
        var kept = new PriorityQueue<TokenAttention, TokenAttention>(LeastUrgentFirst);
        lock (state.Gate)
        {
            var now = state.NowMs();
            foreach (var entry in state.Entries)
            {
                var pool = entry.Pool == TokenPools.Super ? 1 : 0;
                counts[pool, 0]++;
                counts[pool, ColumnOf(entry.Status)]++;
                if (entry.Status == TokenStatus.Active)
                {
                    quota[pool] += entry.Quota;
                }

                if (entry.HasTag(TokenTags.Nsfw))
                {
                    nsfw++;
                }

                if (TokenAttentionRule.Classify(entry, now) is not { } reason)
                {
                    continue;
                }

                attentionTotal++;
                if (maxAttention == 0)
                {
                    continue;
                }

                var item = new TokenAttention(entry.Id, entry.Mask, entry.Pool, entry.Status, reason, entry.FailCount, entry.LastFailAt, entry.LastFailReason);
                if (kept.Count < maxAttention)
                {
                    kept.Enqueue(item, item);
                }
                else if (TokenAttentionRule.Compare(item, kept.Peek()) < 0)
                {
                    kept.DequeueEnqueue(item, item);
                }
            }
        }

        var attention = kept.UnorderedItems.Select(i => i.Element).ToList();
        attention.Sort(TokenAttentionRule.Compare);
        var summary = new PoolCounts[pools.Count];
        for (var i = 0; i < pools.Count; i++)
        {
            summary[i] = new PoolCounts(pools[i], counts[i, 0], counts[i, 1], counts[i, 2], counts[i, 3], counts[i, 4], quota[i]);
        }

        return new TokenPoolSummary(summary, nsfw, attentionTotal, attention);
    }

    /// <summary>The column of a status; anything unknown counts as disabled, as in the token list's stats.</summary>
    private static int ColumnOf(TokenStatus status) => status switch
    {
        TokenStatus.Active => 1,
        TokenStatus.Cooling => 2,
        TokenStatus.Expired => 3,
        _ => 4,
    };
}
