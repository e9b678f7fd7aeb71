using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Selection;
using Grok2Api.TokenPool.State;

namespace Grok2Api.TokenPool.Tests.State;

public sealed class QuotaIndexTests
{
    private static int _handle;

    [Fact]
    public void Select_AfterMovesAndRemovals_FindsBestRemaining()
    {
        // Arrange: tokens spread over several 64-bucket words, including the clamped top bucket.
        var index = new QuotaIndex();
        var entries = new[] { 5, 63, 64, 200, 5_000 }.Select(q => Add(index, q)).ToArray();
        var none = default(TokenExclusions);

        // Act + Assert
        Assert.Same(entries[4], index.Select(1, none, new Random(1)));
        index.Remove(entries[4], 0);
        Assert.Same(entries[3], index.Select(1, none, new Random(1)));
        entries[3].Quota = 10;
        index.Move(entries[3], 0, QuotaIndex.BucketOf(entries[3].Available));
        Assert.Same(entries[2], index.Select(1, none, new Random(1)));
        Assert.Same(entries[3], index.Select(1, Excluding(entries[2], entries[1]), new Random(1)));
        Assert.Null(index.Select(65, none, new Random(1)));
        Assert.Equal(4, index.Count);
    }

    [Fact]
    public void Select_WholeBucketExcluded_FallsToLowerBucket()
    {
        var index = new QuotaIndex();
        var top = Enumerable.Range(0, 3).Select(_ => Add(index, 80)).ToArray();
        var lower = Add(index, 79);

        Assert.Same(lower, index.Select(1, Excluding(top), new Random(7)));
    }

    [Fact]
    public void Remove_SwapsLastIntoHole_KeepsPositionsConsistent()
    {
        var index = new QuotaIndex();
        var entries = Enumerable.Range(0, 5).Select(_ => Add(index, 10)).ToArray();

        index.Remove(entries[1], 0);
        index.Remove(entries[4], 0);
        index.Remove(entries[0], 0);

        Assert.Equal(2, index.Count);
        var seen = new HashSet<TokenEntry>();
        var tried = default(TokenExclusions);
        for (var i = 0; i < 2; i++)
        {
            var picked = index.Select(1, tried, new Random(i))!;
            seen.Add(picked);
            tried.TryAdd(picked.Handle);
        }

        Assert.Equal([entries[2], entries[3]], seen.OrderBy(e => e.Handle));
        Assert.Null(index.Select(1, tried, new Random(3)));
    }

    [Fact]
    public void Select_LargeTiedBucket_SpreadsPicksOverEveryToken()
    {
        // Arrange: 5,000 tied tokens, a bucket large enough to draw its tie-breaks ahead.
        var index = new QuotaIndex();
        var entries = Enumerable.Range(0, 5_000).Select(_ => Add(index, 80)).ToArray();
        var random = new Random(42);
        var picks = new Dictionary<TokenEntry, int>();

        // Act: 100,000 picks, 20 per token on average.
        for (var i = 0; i < 100_000; i++)
        {
            var picked = index.Select(1, default, random)!;
            picks[picked] = picks.GetValueOrDefault(picked) + 1;
        }

        // Assert: every token is picked, none far more often than the rest (Poisson(20): P(> 50) < 1e-8).
        Assert.Equal(entries.Length, picks.Count);
        Assert.InRange(picks.Values.Max(), 20, 50);
        Assert.InRange(picks.Values.Min(), 1, 20);
    }

    [Fact]
    public void Select_LargeBucketThatShrinks_ReturnsOnlyTokensStillInIt()
    {
        // Arrange: a bucket that keeps 5,000 tokens and grows to 20,000 and back, twenty times.
        var index = new QuotaIndex();
        var kept = Enumerable.Range(0, 5_000).Select(_ => Add(index, 80)).ToArray();
        var left = kept.ToHashSet();
        var excluded = Excluding(kept[0], kept[1], kept[2]);
        var random = new Random(7);
        for (var round = 0; round < 20; round++)
        {
            // Tie-breaks are drawn ahead over 20,000 tokens...
            var extra = Enumerable.Range(0, 15_000).Select(_ => Add(index, 80)).ToArray();
            for (var i = 0; i < 3; i++)
            {
                Assert.NotNull(index.Select(1, default, random));
            }

            // ...then three quarters of the bucket go.
            foreach (var removed in extra)
            {
                index.Remove(removed, 0);
            }

            // Act + Assert: positions drawn for the larger bucket are drawn again; excluded tokens are skipped.
            for (var i = 0; i < 100; i++)
            {
                var picked = index.Select(1, excluded, random);
                Assert.NotNull(picked);
                Assert.Contains(picked, left);
                Assert.False(excluded.Contains(picked.Handle));
            }
        }
    }

    private static TokenEntry Add(QuotaIndex index, int quota)
    {
        var entry = new TokenEntry(Interlocked.Increment(ref _handle), TokenPools.Basic, new StoredToken { Token = $"t{_handle}", Quota = quota });
        index.Add(entry, 0, QuotaIndex.BucketOf(entry.Available));
        return entry;
    }

    private static TokenExclusions Excluding(params TokenEntry[] entries)
    {
        var tried = default(TokenExclusions);
        foreach (var entry in entries)
        {
            tried.TryAdd(entry.Handle);
        }

        return tried;
    }
}
