namespace Grok2Api.Storage.Tokens;

/// <summary>
/// The start-up read of a token store, begun on a thread-pool thread as soon as the store is open, so
/// that reading and parsing 100,000 records overlaps the rest of host building instead of following
/// it (docs/adr/0019-token-load-overlaps-host-building.md). The pool initializer takes the result
/// once, in place of its own <see cref="ITokenStore.LoadAsync(CancellationToken)"/>; a failure (a
/// token file that does not parse, a store that does not answer) surfaces there, where it did before.
/// </summary>
public sealed class TokenPreload
{
    private readonly ITokenStore _store;
    private readonly Task<IReadOnlyList<PooledToken>> _load;
    private int _taken;

    private TokenPreload(ITokenStore store, Task<IReadOnlyList<PooledToken>> load)
    {
        _store = store;
        _load = load;
    }

    /// <summary>Starts loading every token of <paramref name="store"/> in the background.</summary>
    /// <param name="store">An open store.</param>
    /// <param name="cancellationToken">Cancels the load.</param>
    public static TokenPreload Start(ITokenStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return new TokenPreload(store, Task.Run(() => store.LoadAsync(cancellationToken), cancellationToken));
    }

    /// <summary>
    /// The preloaded tokens the first time it is asked for <paramref name="store"/> (the store it
    /// read); otherwise a fresh load, so a later initialization never sees records older than the store.
    /// </summary>
    /// <param name="store">The store the caller would load from.</param>
    /// <param name="cancellationToken">Cancels a fresh load (the preload has its own token).</param>
    public Task<IReadOnlyList<PooledToken>> TakeAsync(ITokenStore store, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        return ReferenceEquals(store, _store) && Interlocked.Exchange(ref _taken, 1) == 0
            ? _load
            : store.LoadAsync(cancellationToken);
    }

    /// <summary>
    /// Completes when the background load has ended, however it ended (its failure is reported by
    /// <see cref="TakeAsync"/>). A start-up that fails waits for it before it closes the store and
    /// releases DATA_DIR, so nothing still reads the store after that.
    /// </summary>
    public Task WhenEnded => _load.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
