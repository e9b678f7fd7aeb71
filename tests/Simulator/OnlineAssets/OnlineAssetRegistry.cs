using Grok2Api.Simulator.Hosting;

namespace Grok2Api.Simulator.OnlineAssets;

/// <summary>
/// The files each account has online (what <c>GET /rest/assets</c> lists and <c>DELETE /rest/assets-metadata/{id}</c>
/// removes), per token, newest first. Tests seed them with <see cref="Seed"/>. Thread-safe.
/// </summary>
public sealed class OnlineAssetRegistry
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, List<string>> _byToken = new(StringComparer.Ordinal);
    private readonly List<(string Token, string AssetId)> _deleted = [];
    private int _next;

    /// <summary>List calls in progress (the peak shows a client's list limit).</summary>
    public InFlightCounter Lists { get; } = new();

    /// <summary>Delete calls in progress (the peak shows a client's delete limit).</summary>
    public InFlightCounter Deletes { get; } = new();

    /// <summary>Gives the account <paramref name="count"/> more assets; returns their ids.</summary>
    public IReadOnlyList<string> Seed(string token, int count)
    {
        ArgumentException.ThrowIfNullOrEmpty(token);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            if (!_byToken.TryGetValue(token, out var list))
            {
                _byToken[token] = list = [];
            }

            var ids = Enumerable.Range(0, count).Select(_ => $"asset-{++_next:D6}-{Guid.NewGuid():N}").ToList();
            list.InsertRange(0, ids);
            return ids;
        }
    }

    /// <summary>The account's asset ids, newest first.</summary>
    public IReadOnlyList<string> ForToken(string token)
    {
        lock (_lock)
        {
            return _byToken.TryGetValue(token, out var list) ? [.. list] : [];
        }
    }

    /// <summary>Every deletion made, in order.</summary>
    public IReadOnlyList<(string Token, string AssetId)> Deleted
    {
        get
        {
            lock (_lock)
            {
                return [.. _deleted];
            }
        }
    }

    /// <summary>Forgets every asset and deletion.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            _byToken.Clear();
            _deleted.Clear();
        }
    }

    /// <summary>One page from <paramref name="offset"/>, and the offset of the next page (null when it is the last).</summary>
    internal (IReadOnlyList<string> Page, int? Next) Page(string token, int offset, int size)
    {
        lock (_lock)
        {
            var list = _byToken.GetValueOrDefault(token) ?? [];
            var page = list.Skip(offset).Take(size).ToList();
            return (page, offset + size < list.Count ? offset + size : null);
        }
    }

    /// <summary>Removes one asset of the account; false when it has none with that id.</summary>
    internal bool Delete(string token, string assetId)
    {
        lock (_lock)
        {
            if (!_byToken.TryGetValue(token, out var list) || !list.Remove(assetId))
            {
                return false;
            }

            _deleted.Add((token, assetId));
            return true;
        }
    }
}
