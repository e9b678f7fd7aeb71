using System.Diagnostics;
using System.Numerics;

namespace Grok2Api.TokenPool.State;

/// <summary>
/// Selectable tokens bucketed by available quota (quota minus reserved), so a lease never scans
/// the pool.
/// </summary>
/// <remarks>
/// Why buckets: quotas are small integers (80 and 140 by default) and a lease only needs "some
/// token with the most available quota", so bucket <c>b</c> holds the tokens with exactly
/// <c>b</c> units available. Each bucket is an array with swap-remove, and each token remembers its
/// position (<see cref="IndexSlot"/>), so add, remove and move are O(1). A 1,024-bit bitmap of the
/// non-empty buckets finds the best one in at most 16 word reads (LZCNT). Inside a bucket, a random
/// start breaks ties and the scan skips at most <see cref="TokenExclusions.Capacity"/> excluded
/// tokens; a bucket of <see cref="Bucket.DrawAheadFrom"/> tokens or more draws that start ahead and
/// hints the token to the CPU cache before it is needed (<see cref="Bucket"/>). Availability above
/// <see cref="TopBucket"/> is clamped into the top bucket: such tokens count as tied, which only
/// matters for accounts with more than 1,023 units left. Not thread-safe: used under
/// <see cref="TokenPoolState.Gate"/>.
/// </remarks>
internal sealed class QuotaIndex
{
    public const int TopBucket = 1023;
    private const int WordCount = (TopBucket + 1) / 64;

    private readonly Bucket?[] _buckets = new Bucket?[TopBucket + 1];
    private readonly ulong[] _nonEmpty = new ulong[WordCount];

    public int Count { get; private set; }

    public static int BucketOf(int available) => Math.Clamp(available, 0, TopBucket);

    public void Add(TokenEntry entry, int slot, int bucket)
    {
        var items = _buckets[bucket] ??= new Bucket();
        ref var s = ref entry.Slot(slot);
        s.Index = this;
        s.Bucket = bucket;
        s.Position = items.Append(entry, slot);
        _nonEmpty[bucket >> 6] |= 1UL << (bucket & 63);
        Count++;
    }

    public void Remove(TokenEntry entry, int slot)
    {
        ref var s = ref entry.Slot(slot);
        Debug.Assert(s.Index == this, "The token is not in this index.");
        var items = _buckets[s.Bucket]!;
        items.RemoveAt(s.Position);
        if (items.Count == 0)
        {
            _nonEmpty[s.Bucket >> 6] &= ~(1UL << (s.Bucket & 63));
        }

        s.Index = null;
        Count--;
    }

    public void Move(TokenEntry entry, int slot, int bucket)
    {
        if (entry.Slot(slot).Bucket == bucket)
        {
            return;
        }

        Remove(entry, slot);
        Add(entry, slot, bucket);
    }

    /// <summary>A token from the highest non-empty bucket at or above <paramref name="minAvailable"/> that is not in <paramref name="tried"/>.</summary>
    public TokenEntry? Select(int minAvailable, in TokenExclusions tried, Random random)
    {
        var lowest = BucketOf(minAvailable);
        for (var word = WordCount - 1; word >= lowest >> 6; word--)
        {
            var bits = _nonEmpty[word];
            if (word == lowest >> 6)
            {
                bits &= ulong.MaxValue << (lowest & 63);
            }

            while (bits != 0)
            {
                var bit = 63 - BitOperations.LeadingZeroCount(bits);
                var picked = _buckets[(word << 6) + bit]!.Pick(tried, random);
                if (picked is not null)
                {
                    return picked;
                }

                bits &= ~(1UL << bit);
            }
        }

        return null;
    }

    private sealed class Bucket
    {
        /// <summary>The size from which a bucket draws its tie-breaks ahead (<see cref="DrawAhead"/>).</summary>
        public const int DrawAheadFrom = 4096;

        private (TokenEntry Entry, int Slot)[] _items = new (TokenEntry, int)[4];
        private int _next = -1;
        private int _afterNext = -1;

        public int Count { get; private set; }

        /// <summary>
        /// The start of this pick's scan, drawn two picks ago. In a large bucket the randomly picked
        /// token is almost never in the CPU cache, and the lease would wait for two loads in a row
        /// (the bucket's item, then the token) while it holds the pool's lock. So each pick also
        /// draws the position of the pick after next and hints its item to the cache, and hints the
        /// token of the next pick, whose item came in on the pick before. Each start is still a
        /// uniform draw over the bucket (one drawn for a bucket that has shrunk since is drawn
        /// again), and is used as before: the scan from it skips excluded tokens.
        /// docs/adr/0022-large-buckets-draw-ahead.md has the figures.
        /// </summary>
        private int DrawAhead(Random random)
        {
            var count = Count;
            var start = (uint)_next < (uint)count ? _next : random.Next(count);
            _next = (uint)_afterNext < (uint)count ? _afterNext : random.Next(count);
            Prefetch.Entry(_items[_next].Entry);
            _afterNext = random.Next(count);
            Prefetch.Element(_items, _afterNext);
            return start;
        }

        public int Append(TokenEntry entry, int slot)
        {
            if (Count == _items.Length)
            {
                Array.Resize(ref _items, Count * 2);
            }

            _items[Count] = (entry, slot);
            return Count++;
        }

        public void RemoveAt(int position)
        {
            var last = --Count;
            if (position != last)
            {
                var moved = _items[last];
                _items[position] = moved;
                moved.Entry.Slot(moved.Slot).Position = position;
            }

            _items[last] = default;
        }

        public TokenEntry? Pick(in TokenExclusions tried, Random random)
        {
            var start = Count == 1 ? 0 : Count < DrawAheadFrom ? random.Next(Count) : DrawAhead(random);
            for (var i = 0; i < Count; i++)
            {
                var position = start + i;
                if (position >= Count)
                {
                    position -= Count;
                }

                var entry = _items[position].Entry;
                if (!tried.Contains(entry.Handle))
                {
                    return entry;
                }
            }

            return null;
        }
    }
}
