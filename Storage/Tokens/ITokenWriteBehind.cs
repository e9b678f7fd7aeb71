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
}
