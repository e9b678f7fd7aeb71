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
        var pools = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var known in TokenPools.All)
        {
            pools[known] = new Tally();
        }

        var nsfw = 0;
        var attentionTotal = 0;
        var kept = new PriorityQueue<TokenAttention, TokenAttention>(LeastUrgentFirst);
        using (state.Gate.EnterScope())
        {
            var now = state.NowMs();
            foreach (var entry in state.Entries)
            {
                if (!pools.TryGetValue(entry.Pool, out var tally))
                {
                    // A pool only an older token.json knows: shown as it is rather than folded into another.
                    tally = pools[entry.Pool] = new Tally();
                }

                tally.Add(entry);
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
        var names = TokenPools.All.Concat(pools.Keys.Where(p => !TokenPools.IsKnown(p)).Order(StringComparer.Ordinal));
        return new TokenPoolSummary([.. names.Select(name => pools[name].ToCounts(name))], nsfw, attentionTotal, attention);
    }

    /// <summary>The counts of one pool while the pass runs.</summary>
    private sealed class Tally
    {
        private int _total;
        private int _active;
        private int _cooling;
        private int _expired;
        private int _disabled;
        private long _quotaLeft;

        public void Add(TokenEntry entry)
        {
            _total++;
            switch (entry.Status)
            {
                case TokenStatus.Active:
                    _active++;
                    _quotaLeft += entry.Quota;
                    break;
                case TokenStatus.Cooling: _cooling++; break;
                case TokenStatus.Expired: _expired++; break;

                // Anything unknown counts as disabled, as in the token list's stats.
                default: _disabled++; break;
            }
        }

        public PoolCounts ToCounts(string pool) => new(pool, _total, _active, _cooling, _expired, _disabled, _quotaLeft);
    }
}
