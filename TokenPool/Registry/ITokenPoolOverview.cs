namespace Grok2Api.TokenPool.Registry;

/// <summary>
/// The dashboard's view of the whole pool: counts by pool and status, the quota left, the NSFW count
/// and the tokens needing attention (<see cref="TokenAttentionRule"/>), all from one pass over the
/// pool under its lock. Nothing is cached, and no request path pays for it.
/// </summary>
public interface ITokenPoolOverview
{
    /// <summary>Summarizes the pool as it is now.</summary>
    /// <param name="maxAttention">How many tokens needing attention to return at most (the total is always counted).</param>
    TokenPoolSummary Summarize(int maxAttention);
}
