using System.Collections.Concurrent;
using Grok2Api.Storage.Tokens;

namespace Grok2Api.Storage.KillHarness;

/// <summary>The live token state of the harness: what the token pool is in the product.</summary>
internal sealed class HarnessTokenSource : ITokenSnapshotSource
{
    private readonly ConcurrentDictionary<string, PooledToken> _tokens = new(StringComparer.Ordinal);

    public HarnessTokenSource(IEnumerable<PooledToken> loaded)
    {
        foreach (var token in loaded)
        {
            _tokens[token.Token.Token] = token;
        }
    }

    public IReadOnlyList<string> Tokens => [.. _tokens.Keys];

    public void Set(PooledToken token) => _tokens[token.Token.Token] = token;

    public bool TryGet(string token, out PooledToken snapshot) => _tokens.TryGetValue(token, out snapshot);

    public bool TryGetSnapshot(string token, out PooledToken snapshot) => _tokens.TryGetValue(token, out snapshot);
}
