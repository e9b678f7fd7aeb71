using System.Collections.Concurrent;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Storage.Tests.Tokens;

/// <summary>The live token state of a test: what the token pool is in the product.</summary>
internal sealed class DictionarySnapshotSource : ITokenSnapshotSource
{
    private readonly ConcurrentDictionary<string, PooledToken> _tokens = new(StringComparer.Ordinal);

    public void Set(string token, int quota = 80, string pool = TokenPools.Basic) =>
        _tokens[token] = new PooledToken(pool, new StoredToken { Token = token, Quota = quota });

    public void Remove(string token) => _tokens.TryRemove(token, out _);

    public bool TryGetSnapshot(string token, out PooledToken snapshot) => _tokens.TryGetValue(token, out snapshot);
}
