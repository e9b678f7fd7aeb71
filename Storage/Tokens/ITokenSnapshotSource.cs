namespace Grok2Api.Storage.Tokens;

/// <summary>The owner of the live token state: hands out what changed in a token when it is persisted.</summary>
public interface ITokenSnapshotSource
{
    /// <summary>The current record of <paramref name="token"/>, or false when it no longer exists (it is then deleted from the store).</summary>
    /// <param name="token">The bare token.</param>
    /// <param name="snapshot">The current record and pool.</param>
    bool TryGetSnapshot(string token, out PooledToken snapshot);

    /// <summary>
    /// What changed in <paramref name="token"/> since the last committed write: nothing, a whole
    /// record (<see cref="TokenChangeKind.Upsert"/>), an update with deltas, or a delete. The default
    /// writes the whole current record, which is right for an owner that does not track deltas.
    /// The write-behind takes at most one batch at a time and reports it with <see cref="Committed"/>.
    /// </summary>
    /// <param name="token">The bare token.</param>
    /// <param name="update">The record (upsert) or the update (update); unset for a delete.</param>
    TokenChangeKind TakeChange(string token, out TokenUpdate? update)
    {
        if (TryGetSnapshot(token, out var snapshot))
        {
            update = new TokenUpdate(snapshot, TokenFields.None, 0, 0);
            return TokenChangeKind.Upsert;
        }

        update = null;
        return TokenChangeKind.Delete;
    }

    /// <summary>The batch built from <see cref="TakeChange"/> is durable in the store: what it carried is no longer pending.</summary>
    /// <param name="changes">The batch that was written.</param>
    void Committed(TokenChangeSet changes)
    {
    }
}

/// <summary>What <see cref="ITokenSnapshotSource.TakeChange"/> found.</summary>
public enum TokenChangeKind
{
    /// <summary>Nothing to write.</summary>
    None,

    /// <summary>Insert or replace the whole record.</summary>
    Upsert,

    /// <summary>Write some fields and deltas of a stored record.</summary>
    Update,

    /// <summary>Delete the token.</summary>
    Delete,
}
