namespace Grok2Api.Storage.Tokens;

/// <summary>The owner of the live token state: hands out the current record of a token when it is persisted.</summary>
public interface ITokenSnapshotSource
{
    /// <summary>The current record of <paramref name="token"/>, or false when it no longer exists (it is then deleted from the store).</summary>
    /// <param name="token">The bare token.</param>
    /// <param name="snapshot">The current record and pool.</param>
    bool TryGetSnapshot(string token, out PooledToken snapshot);
}
