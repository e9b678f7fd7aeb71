using System.Text.Json.Nodes;

namespace Grok2Api.Storage.Original;

/// <summary>What the original project's store held (<see cref="IOriginalStoreReader"/>).</summary>
/// <param name="Where">Where it was read, for messages (<see cref="IOriginalStoreReader.Describe"/>).</param>
/// <param name="Tokens">The token records with their pools, each token once, in the store's order.</param>
/// <param name="Config">The config entries as a tree of sections (values as the original stored them, not yet migrated or checked), or null when there were none.</param>
/// <param name="Problems">What could not be read as it was: each names a key, a row or a field, never a token.</param>
/// <param name="SkippedTokens">Token records left out (unreadable, blank or repeated).</param>
public sealed record OriginalStoreData(
    string Where,
    IReadOnlyList<PooledToken> Tokens,
    JsonObject? Config,
    IReadOnlyList<OriginalStoreProblem> Problems,
    int SkippedTokens)
{
    /// <summary>Whether the original's store holds at least one readable token record.</summary>
    public bool HasTokens => Tokens.Count > 0;

    /// <summary>Whether the original's store holds at least one config entry.</summary>
    public bool HasConfig => Config is { Count: > 0 };

    /// <summary>Nothing of the original's was found at <paramref name="where"/>.</summary>
    /// <param name="where">Where it was looked for.</param>
    public static OriginalStoreData Absent(string where) => new(where, [], null, [], 0);
}

/// <summary>One thing of the original's store that was skipped or defaulted.</summary>
/// <param name="Key">The key, row or config entry (a token only by its public id).</param>
/// <param name="Message">What was wrong and what was done about it.</param>
public readonly record struct OriginalStoreProblem(string Key, string Message);
