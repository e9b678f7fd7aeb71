using Grok2Api.Storage;

namespace Grok2Api.Proxy.Hosting;

/// <summary>
/// Owns the opened storage backend for the host: registered through a factory, so the container
/// disposes it when the host is disposed, which is after every hosted service stopped (the token
/// write-behind has flushed by then). Disposing twice (a failed start, then the container) closes
/// the backend once.
/// </summary>
internal sealed class StorageBackendLifetime(IStorageBackend backend) : IAsyncDisposable, IDisposable
{
    private int _disposed;

    /// <summary>The backend.</summary>
    public IStorageBackend Backend => backend;

    /// <inheritdoc />
    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _disposed, 1) == 0 ? backend.DisposeAsync() : ValueTask.CompletedTask;

    /// <inheritdoc />
    /// <remarks>For a container disposed synchronously; the host disposes it asynchronously.</remarks>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
