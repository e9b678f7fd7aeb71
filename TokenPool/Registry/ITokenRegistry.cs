namespace Grok2Api.TokenPool.Registry;

/// <summary>
/// The admin side of the pool: listing and per-token edits. Each mutation is applied to the
/// in-memory pool at once (selection sees it immediately) and the returned task completes when it
/// is durable in the store. Edits are per token: nothing writes back a whole-pool snapshot.
/// </summary>
public interface ITokenRegistry
{
    /// <summary>Lists tokens matching <paramref name="query"/>, newest first, as snapshots of their records.</summary>
    TokenPage Query(TokenQuery query);

    /// <summary>Finds one token by id: a snapshot of its record and pool.</summary>
    PooledToken? Find(string id);

    /// <summary>Adds tokens to a pool; <c>sso=</c> prefixes are stripped; blanks and tokens present in any pool are skipped.</summary>
    Task<TokenAddResult> AddAsync(string pool, IReadOnlyList<string> tokens, string? note, CancellationToken cancellationToken);

    /// <summary>Edits one token.</summary>
    Task<TokenPatchResult> PatchAsync(string id, TokenPatch patch, CancellationToken cancellationToken);

    /// <summary>Deletes one token; false when no token has that id.</summary>
    Task<bool> RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary>Deletes several tokens; returns how many existed.</summary>
    Task<int> RemoveManyAsync(IReadOnlyCollection<string> ids, CancellationToken cancellationToken);

    /// <summary>The bare token values of <paramref name="ids"/> (every token when null), for the export endpoint only.</summary>
    IReadOnlyList<string> Export(IReadOnlyCollection<string>? ids);
}
