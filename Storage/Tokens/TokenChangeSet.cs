namespace Grok2Api.Storage.Tokens;

/// <summary>
/// A batch of per-token changes handed to <see cref="ITokenStore.SaveAsync"/>: whole records to
/// insert or replace (a token added by an admin, an import), field updates and deltas on records the
/// store already holds, and token values to delete. A store applies the whole batch or none of it,
/// upserts first, then updates, then deletes. Nothing in a batch ever stands for the whole pool.
/// </summary>
public sealed class TokenChangeSet
{
    /// <summary>Records to insert or replace, keyed by their token value. A token moved between pools appears once, with its new pool.</summary>
    public List<PooledToken> Upserts { get; } = [];

    /// <summary>Field writes and quota/use-count deltas on stored records; an update of a token the store does not hold is ignored.</summary>
    public List<TokenUpdate> Updates { get; } = [];

    /// <summary>Token values (bare) to delete.</summary>
    public List<string> Deletes { get; } = [];

    /// <summary>Whether the batch holds nothing.</summary>
    public bool IsEmpty => Upserts.Count == 0 && Updates.Count == 0 && Deletes.Count == 0;

    /// <summary>How many tokens the batch touches.</summary>
    public int Count => Upserts.Count + Updates.Count + Deletes.Count;
}
