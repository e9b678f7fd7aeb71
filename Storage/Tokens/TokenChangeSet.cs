namespace Grok2Api.Storage.Tokens;

/// <summary>
/// A batch of per-token changes handed to <see cref="ITokenStore.SaveAsync"/>: records to insert or
/// replace, and token values to delete. A store applies the whole batch or none of it.
/// </summary>
public sealed class TokenChangeSet
{
    /// <summary>Records to insert or replace, keyed by their token value. A token moved between pools appears once, with its new pool.</summary>
    public List<PooledToken> Upserts { get; } = [];

    /// <summary>Token values (bare) to delete.</summary>
    public List<string> Deletes { get; } = [];

    /// <summary>Whether the batch holds nothing.</summary>
    public bool IsEmpty => Upserts.Count == 0 && Deletes.Count == 0;
}
