namespace Grok2Api.Storage.Coordination;

/// <summary>
/// The leases of a store that one instance owns (local files, held by the <c>DATA_DIR</c> lock): every
/// lease is granted to that instance.
/// </summary>
public sealed class LocalLeases : IStoreLeases
{
    /// <inheritdoc />
    public Task<bool> TryAcquireAsync(string name, TimeSpan ttl, CancellationToken cancellationToken) => Task.FromResult(true);

    /// <inheritdoc />
    public Task ReleaseAsync(string name, CancellationToken cancellationToken) => Task.CompletedTask;
}
