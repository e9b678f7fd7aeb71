namespace Grok2Api.Storage.Coordination;

/// <summary>
/// Named leases in the store, so that work meant to run once (the refresh scheduler, one batch task)
/// runs on one instance at a time. A lease expires by itself when its holder stops renewing it (a
/// killed process), so another instance can take over. The local store, which one instance owns,
/// grants every lease to that instance.
/// </summary>
public interface IStoreLeases
{
    /// <summary>
    /// Takes the lease <paramref name="name"/> for <paramref name="ttl"/>, or renews it when this
    /// instance already holds it. False when another instance holds it and it has not expired.
    /// </summary>
    /// <param name="name">The lease name, e.g. <c>token_refresh</c> or <c>task:…</c>.</param>
    /// <param name="ttl">How long the lease lasts without renewal.</param>
    /// <param name="cancellationToken">Cancels the call (bounded by the store's own timeouts).</param>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<bool> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken);

    /// <summary>Gives the lease up when this instance holds it; does nothing otherwise.</summary>
    /// <param name="name">The lease name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    Task ReleaseAsync(string name, CancellationToken cancellationToken);
}
