using System.Runtime.CompilerServices;

namespace Grok2Api.TokenPool.Selection;

/// <summary>
/// The tokens one request has already tried, so a retry goes to another account. An
/// allocation-free value: keep one per request and pass it by <c>ref</c>;
/// <see cref="ITokenSelector.TryLease"/> adds each token it hands out.
/// </summary>
public struct TokenExclusions
{
    /// <summary>How many tokens one value can hold (16; <c>retry.max_retry</c> defaults to 3).</summary>
    public const int Capacity = 16;

    private Handles _handles;
    private int _count;

    /// <summary>How many tokens are excluded.</summary>
    public readonly int Count => _count;

    /// <summary>Whether no more tokens can be added.</summary>
    public readonly bool IsFull => _count == Capacity;

    /// <summary>Excludes the token of <paramref name="lease"/>.</summary>
    /// <param name="lease">A lease of the token.</param>
    /// <returns>False when the set is full (the token is then not excluded).</returns>
    public bool Add(in TokenLease lease) => lease.Entry is null || TryAdd(lease.Entry.Handle);

    /// <summary>Whether the token of <paramref name="lease"/> is excluded.</summary>
    /// <param name="lease">A lease of the token.</param>
    public readonly bool Contains(in TokenLease lease) => lease.Entry is not null && Contains(lease.Entry.Handle);

    internal readonly bool Contains(int handle)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_handles[i] == handle)
            {
                return true;
            }
        }

        return false;
    }

    internal bool TryAdd(int handle)
    {
        if (Contains(handle))
        {
            return true;
        }

        if (_count == Capacity)
        {
            return false;
        }

        _handles[_count++] = handle;
        return true;
    }

    [InlineArray(Capacity)]
    private struct Handles
    {
        private int _element0;
    }
}
