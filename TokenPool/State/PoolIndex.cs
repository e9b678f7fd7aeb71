namespace Grok2Api.TokenPool.State;

/// <summary>
/// The selectable (active) tokens of one pool: one <see cref="QuotaIndex"/> over all of them and
/// one per tag, so a request that needs a rare tag (nsfw) does not scan untagged tokens. Not
/// thread-safe: used under <see cref="TokenPoolState.Gate"/>.
/// </summary>
internal sealed class PoolIndex(string pool)
{
    private readonly QuotaIndex _all = new();
    private readonly Dictionary<string, QuotaIndex> _byTag = new(StringComparer.OrdinalIgnoreCase);

    public string Pool { get; } = pool;

    public void Add(TokenEntry entry)
    {
        if (entry.TagSlots.Length < entry.Tags.Length)
        {
            entry.TagSlots = new IndexSlot[entry.Tags.Length];
        }

        var bucket = QuotaIndex.BucketOf(entry.Available);
        _all.Add(entry, 0, bucket);
        for (var i = 0; i < entry.Tags.Length; i++)
        {
            if (!_byTag.TryGetValue(entry.Tags[i], out var tagged))
            {
                tagged = new QuotaIndex();
                _byTag.Add(entry.Tags[i], tagged);
            }

            tagged.Add(entry, i + 1, bucket);
        }

        entry.SlotCount = entry.Tags.Length + 1;
    }

    public static void Remove(TokenEntry entry)
    {
        for (var i = 0; i < entry.SlotCount; i++)
        {
            entry.Slot(i).Index!.Remove(entry, i);
        }

        entry.SlotCount = 0;
    }

    /// <summary>Re-files an indexed token after its available quota changed.</summary>
    public static void Update(TokenEntry entry)
    {
        var bucket = QuotaIndex.BucketOf(entry.Available);
        for (var i = 0; i < entry.SlotCount; i++)
        {
            entry.Slot(i).Index!.Move(entry, i, bucket);
        }
    }

    /// <summary>
    /// A token with at least <paramref name="minAvailable"/> units unreserved, from the highest such
    /// bucket, carrying <paramref name="tag"/> (any token when null), not in <paramref name="tried"/>.
    /// </summary>
    public TokenEntry? Select(string? tag, int minAvailable, in TokenExclusions tried, Random random)
    {
        QuotaIndex? index;
        if (tag is null)
        {
            index = _all;
        }
        else if (!_byTag.TryGetValue(tag, out index))
        {
            return null;
        }

        return index.Select(minAvailable, tried, random);
    }
}
