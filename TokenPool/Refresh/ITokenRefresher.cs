namespace Grok2Api.TokenPool.Refresh;

/// <summary>Re-syncs token quotas from the upstream on an admin's request (the scheduler does the same on its own).</summary>
public interface ITokenRefresher
{
    /// <summary>
    /// Asks the upstream for the remaining quota of <paramref name="ids"/> (every token when null),
    /// at most <c>usage.concurrent</c> at once, <c>usage.batch_size</c> per batch, each call bounded
    /// by <c>usage.timeout</c>. Unlike the scheduler, this may revive an expired token whose quota
    /// is above 0. Disabled tokens are skipped.
    /// </summary>
    /// <param name="ids">Token ids; null for every token.</param>
    /// <param name="progress">Receives one report per token, possibly from several threads.</param>
    /// <param name="cancellationToken">Stops the run; tokens not yet asked keep their state.</param>
    /// <returns>One result per token, in the order of <paramref name="ids"/> (newest first when null).</returns>
    Task<IReadOnlyList<TokenRefreshResult>> RefreshAsync(IReadOnlyCollection<string>? ids, IProgress<TokenRefreshProgress>? progress, CancellationToken cancellationToken);
}
