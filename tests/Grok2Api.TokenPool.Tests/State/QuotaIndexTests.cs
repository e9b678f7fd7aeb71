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
