namespace Grok2Api.TokenPool.Selection;

/// <summary>
/// A token handed out for one upstream call, with its cost (or, on a token with less left, all it
/// had) held in reserve until the lease is completed through <see cref="ITokenSelector.Complete"/>. Copying the value does not copy the
/// lease: completing any copy completes it, and later completions are ignored.
/// </summary>
public readonly struct TokenLease
{
    private readonly TokenEntry? _entry;

    internal TokenLease(TokenEntry entry, string pool, int cost, int reserved, int slot, int generation)
    {
        _entry = entry;
        Pool = pool;
        Cost = cost;
        Reserved = reserved;
        Slot = slot;
        Generation = generation;
    }

    /// <summary>Whether this is the default value (no token).</summary>
    public bool IsEmpty => _entry is null;

    /// <summary>The public id of the token (safe to log).</summary>
    public string TokenId => _entry?.Id ?? "";

    /// <summary>The bare token, for the upstream cookie only. Never log or return it.</summary>
    public string Token => _entry?.Token ?? "";

    /// <summary>The pool the token was in when it was leased.</summary>
    public string Pool { get; }

    /// <summary>The request's cost in quota units; a success charges it, or what the token has left when that is less.</summary>
    public int Cost { get; }

    /// <summary>
    /// Quota units held in reserve for this lease: the cost, or less when no eligible token had the
    /// whole cost unreserved and this one had only that much.
    /// </summary>
    public int Reserved { get; }

    internal TokenEntry? Entry => _entry;

    internal int Slot { get; }

    internal int Generation { get; }

    /// <summary>The token id, never the token.</summary>
    public override string ToString() => TokenId;
}
