namespace Grok2Api.Storage.Tokens;

/// <summary>
/// Persistence of the token records. The token pool keeps the working state in memory and hands
/// the store per-token changes; a store never rewrites state it was not given (no whole-pool
/// overwrite from a stale snapshot).
/// </summary>
/// <remarks>Implementations are thread-safe.</remarks>
public interface ITokenStore
{
    /// <summary>Loads every stored token.</summary>
    /// <param name="cancellationToken">Cancels the load.</param>
    Task<IReadOnlyList<PooledToken>> LoadAsync(CancellationToken cancellationToken);

    /// <summary>Applies a batch of changes durably (it is on disk or in the store when the task completes).</summary>
    /// <param name="changes">The changes.</param>
    /// <param name="cancellationToken">Cancels the write; a cancelled write leaves the previous state intact.</param>
    Task SaveAsync(TokenChangeSet changes, CancellationToken cancellationToken);

    /// <summary>
    /// Loads the stored tokens whose public id (<see cref="TokenIdentity.IdOf"/>) is in
    /// <paramref name="ids"/>; an id with no token is left out (the token was deleted). Used when
    /// another instance reports that it changed those tokens. The default loads everything and filters.
    /// </summary>
    /// <param name="ids">Public token ids.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    async Task<IReadOnlyList<PooledToken>> LoadAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var wanted = ids as IReadOnlySet<string> ?? new HashSet<string>(ids, StringComparer.Ordinal);
        var all = await LoadAsync(cancellationToken);
        return [.. all.Where(t => wanted.Contains(TokenIdentity.IdOf(t.Token.Token)))];
    }
}
