namespace Grok2Api.Storage.Tokens;

/// <summary>
/// An immutable set of token records grouped by pool, as <c>token.json</c> holds it. Pools are kept
/// in file order except that ssoBasic and ssoSuper always exist and come first; tokens keep their
/// order within a pool. A token value appears at most once in the whole document.
/// </summary>
internal sealed class TokenDocument
{
    private TokenDocument(IReadOnlyList<PoolEntries> pools)
    {
        Pools = pools;
        Count = pools.Sum(p => p.Tokens.Count);
    }

    /// <summary>A document with both standard pools and no tokens.</summary>
    public static TokenDocument Empty { get; } = Create([]);

    /// <summary>The pools, ssoBasic and ssoSuper first.</summary>
    public IReadOnlyList<PoolEntries> Pools { get; }

    /// <summary>The number of tokens in all pools.</summary>
    public int Count { get; }

    /// <summary>Builds a document; the caller guarantees that no token value appears twice.</summary>
    /// <param name="pools">The pools in file order. A pool name given twice is merged.</param>
    public static TokenDocument Create(IEnumerable<PoolEntries> pools)
    {
        var byName = new Dictionary<string, List<StoredToken>>(StringComparer.Ordinal)
        {
            [TokenPools.Basic] = [],
            [TokenPools.Super] = [],
        };
        var order = new List<string>(TokenPools.All);
        foreach (var pool in pools)
        {
            if (!byName.TryGetValue(pool.Name, out var list))
            {
                list = [];
                byName[pool.Name] = list;
                order.Add(pool.Name);
            }

            list.AddRange(pool.Tokens);
        }

        return new TokenDocument(order.Select(name => new PoolEntries(name, byName[name].ToArray())).ToArray());
    }

    /// <summary>Every token with its pool, in document order.</summary>
    public IReadOnlyList<PooledToken> ToPooledTokens()
    {
        var result = new List<PooledToken>(Count);
        foreach (var pool in Pools)
        {
            foreach (var token in pool.Tokens)
            {
                result.Add(new PooledToken(pool.Name, token));
            }
        }

        return result;
    }

    /// <summary>
    /// A copy with <paramref name="changes"/> applied: an upsert replaces the record with the same
    /// token value in place, or moves it to the end of its new pool, or appends it; then updates
    /// change records that exist (<see cref="TokenUpdate.ApplyTo"/>); then deletes remove by token value (a token both upserted and deleted in one batch ends up deleted).
    /// Token values are normalized (<see cref="TokenIdentity.Normalize"/>). This document is not changed.
    /// </summary>
    /// <param name="changes">The batch.</param>
    /// <exception cref="ArgumentException">An upsert has a blank token or a blank pool name.</exception>
    public TokenDocument Apply(TokenChangeSet changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (changes.IsEmpty)
        {
            return this;
        }

        var names = new List<string>(Pools.Count);
        var lists = new List<List<StoredToken?>>(Pools.Count);
        var where = new Dictionary<string, (int Pool, int Index)>(Count, StringComparer.Ordinal);
        foreach (var pool in Pools)
        {
            for (var i = 0; i < pool.Tokens.Count; i++)
            {
                where[pool.Tokens[i].Token] = (lists.Count, i);
            }

            names.Add(pool.Name);
            lists.Add([.. pool.Tokens]);
        }

        foreach (var upsert in changes.Upserts)
        {
            Put(upsert);
        }

        foreach (var update in changes.Updates)
        {
            // An update never creates a token: one deleted meanwhile stays deleted.
            if (where.TryGetValue(TokenIdentity.Normalize(update.Token), out var at) && lists[at.Pool][at.Index] is { } stored)
            {
                Put(update.ApplyTo(new PooledToken(names[at.Pool], stored)));
            }
        }

        foreach (var delete in changes.Deletes)
        {
            if (where.Remove(TokenIdentity.Normalize(delete), out var at))
            {
                lists[at.Pool][at.Index] = null;
            }
        }

        return new TokenDocument(names.Select((name, i) => new PoolEntries(name, lists[i].OfType<StoredToken>().ToArray())).ToArray());

        void Put(PooledToken upsert)
        {
            var record = Normalized(upsert);
            var target = names.IndexOf(upsert.Pool);
            if (target < 0)
            {
                names.Add(upsert.Pool);
                lists.Add([]);
                target = lists.Count - 1;
            }

            if (where.TryGetValue(record.Token, out var at))
            {
                if (at.Pool == target)
                {
                    lists[target][at.Index] = record;
                    return;
                }

                lists[at.Pool][at.Index] = null;
            }

            lists[target].Add(record);
            where[record.Token] = (target, lists[target].Count - 1);
        }
    }

    private static StoredToken Normalized(PooledToken upsert)
    {
        if (string.IsNullOrWhiteSpace(upsert.Pool))
        {
            throw new ArgumentException($"Token {SafeId(upsert.Token?.Token)} has no pool.", nameof(upsert));
        }

        ArgumentNullException.ThrowIfNull(upsert.Token);
        var token = TokenIdentity.Normalize(upsert.Token.Token);
        if (token.Length == 0)
        {
            throw new ArgumentException("A token to store is blank.", nameof(upsert));
        }

        return token == upsert.Token.Token ? upsert.Token : upsert.Token with { Token = token };
    }

    private static string SafeId(string? token) => string.IsNullOrEmpty(token) ? "(blank)" : TokenIdentity.IdOf(token);

    /// <summary>One pool of the document.</summary>
    /// <param name="Name">The pool name.</param>
    /// <param name="Tokens">The records, in order.</param>
    public readonly record struct PoolEntries(string Name, IReadOnlyList<StoredToken> Tokens);
}
