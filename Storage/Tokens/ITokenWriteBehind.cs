namespace Grok2Api.Storage.Tokens;

/// <summary>
/// Coalesces token changes into batched writes to the <see cref="ITokenStore"/>: a changed token
/// is marked dirty (cheap, thread-safe, allocation-free when already marked) and its current
/// record is read from the <see cref="ITokenSnapshotSource"/> when the batch is written, at most
/// <c>token.save_delay_ms</c> later. A failed write keeps the tokens dirty and is retried; nothing
/// is dropped. Shutdown flushes.
/// </summary>
public interface ITokenWriteBehind
{
    /// <summary>Connects the owner of the live state. Called once, before the first <see cref="MarkDirty"/>.</summary>
    void Attach(ITokenSnapshotSource source);

    /// <summary>Marks a token as changed (or deleted, when the source no longer has it).</summary>
    /// <param name="token">The bare token.</param>
    void MarkDirty(string token);

    /// <summary>Writes everything marked so far; completes when it is durable.</summary>
    /// <param name="cancellationToken">Cancels the wait (the write itself still happens later).</param>
    Task FlushAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Waits for the write in flight (if any) to finish and holds off the next one until the returned
    /// handle is disposed. The pool reads other instances' changes under it, so a record read from
    /// the store and the pool's record of what it has written agree.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <remarks>The default, for a write-behind that never writes on its own, pauses nothing.</remarks>
    ValueTask<IDisposable> PauseAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IDisposable>(NoPause.Instance);

    private sealed class NoPause : IDisposable
    {
        public static readonly NoPause Instance = new();

        public void Dispose()
        {
        }
    }
}
