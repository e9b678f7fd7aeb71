using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Selection;
using static Grok2Api.TokenPool.Tests.PoolHarness;

namespace Grok2Api.TokenPool.Tests.Selection;

public sealed class TokenSelectorTests
{
    [Fact]
    public async Task TryLease_DifferentQuotas_PicksHighestAvailable()
    {
        await using var pool = await CreateAsync(Basic("low", 10), Basic("high", 70), Basic("mid", 40));

        Assert.Equal("high", pool.Lease().Token);
    }

    [Fact]
    public async Task TryLease_EqualQuotas_TieBrokenByRandomSeam()
    {
        // Arrange: three tokens in one bucket, filed in load order.
        await using var pool = await CreateAsync(Basic("a"), Basic("b"), Basic("c"));
        pool.Random.Instance.Enqueue(2, 1);

        // Act
        var first = pool.Lease();
        pool.Selector.Complete(first, LeaseOutcome.ClientAbort, null);
        var second = pool.Lease();

        // Assert: the scripted draws chose positions 2 and 1.
        Assert.Equal("c", first.Token);
        Assert.Equal("b", second.Token);
    }

    [Fact]
    public async Task TryLease_HeldLeasesOnEqualTokens_SpreadOverDistinctTokens()
    {
        await using var pool = await CreateAsync([.. Enumerable.Range(0, 8).Select(i => Basic($"tok-{i}"))]);

        var leases = Enumerable.Range(0, 8).Select(_ => pool.Lease()).ToList();

        Assert.Equal(8, leases.Select(l => l.Token).Distinct().Count());
        Assert.All(leases, l => Assert.Equal(1, pool.Reserved(l.Token)));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(4, 3)]
    public async Task TryLease_ManyThreadsLeasingAndCompleting_NeverExceedsQuotaAndEndsUnreserved(int cost, int leasesPerToken)
    {
        // Arrange: 16 tokens with 10 units each; 8 workers lease and succeed until nothing is left
        // (at cost 4: 4, 4, then the last 2 units of each token).
        const int quota = 10;
        var names = Enumerable.Range(0, 16).Select(i => $"tok-{i}").ToArray();
        await using var pool = await CreateAsync([.. names.Select(n => Basic(n, quota))]);
        var outstanding = names.ToDictionary(n => n, _ => new StrongBox());
        var violations = 0;
        var successes = 0;

        // Act
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            var request = new TokenRequest(PoolTier.Basic, cost);
            while (true)
            {
                var tried = default(TokenExclusions);
                if (!pool.Selector.TryLease(request, ref tried, out var lease))
                {
                    return;
                }

                var box = outstanding[lease.Token];
                if (Interlocked.Add(ref box.Held, lease.Reserved) + Volatile.Read(ref box.Used) > quota)
                {
                    Interlocked.Increment(ref violations);
                }

                Thread.SpinWait(50);
                Interlocked.Add(ref box.Used, lease.Reserved);
                Interlocked.Add(ref box.Held, -lease.Reserved);
                pool.Selector.Complete(lease, LeaseOutcome.Success, null);
                Interlocked.Increment(ref successes);
            }
        }, TestContext.Current.CancellationToken)).ToArray();
        await Task.WhenAll(workers).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        // Assert
        Assert.Equal(0, violations);
        Assert.Equal(names.Length * leasesPerToken, successes);
        Assert.All(names, n =>
        {
            Assert.Equal(0, pool.Reserved(n));
            var view = pool.View(n);
            Assert.Equal(0, view.Quota);
            Assert.Equal(quota, view.UseCount);
            Assert.Equal(TokenStatus.Cooling, view.Status);
        });
        Assert.Equal(0, pool.Registry.Query(new(null, null, null, null)).Stats.InFlight);
    }

    [Fact]
    public async Task TryLease_SuperTier_NeverGetsBasicToken()
    {
        await using var pool = await CreateAsync(Basic("basic", 80));

        Assert.Null(pool.TryLeaseToken(PoolTier.Super, 4));
    }

    [Fact]
    public async Task TryLease_SuperTier_GetsSuperToken()
    {
        await using var pool = await CreateAsync(Basic("basic", 200), Super("super", 10));

        Assert.Equal("super", pool.TryLeaseToken(PoolTier.Super, 4));
    }

    [Fact]
    public async Task TryLease_BasicTier_PrefersBasicEvenWithLessQuota()
    {
        await using var pool = await CreateAsync(Basic("basic", 5), Super("super", 140));

        Assert.Equal("basic", pool.TryLeaseToken(PoolTier.Basic, 1));
    }

    [Fact]
    public async Task TryLease_BasicTierNoEligibleBasic_FallsBackToSuper()
    {
        await using var pool = await CreateAsync(Basic("basic", 80, TokenStatus.Cooling), Basic("small", 2), Super("super", 140));

        Assert.Equal("super", pool.TryLeaseToken(PoolTier.Basic, 4));
    }

    [Fact]
    public async Task TryLease_PreferSuper_TriesSuperFirstThenBasic()
    {
        await using var pool = await CreateAsync(Basic("basic", 80), Super("super", 10));

        var first = pool.Lease(PoolTier.Basic, 4, preference: TokenPoolPreference.PreferSuper);
        var second = pool.Lease(PoolTier.Basic, 4, preference: TokenPoolPreference.PreferSuper);
        var third = pool.Lease(PoolTier.Basic, 4, preference: TokenPoolPreference.PreferSuper);

        Assert.Equal(["super", "super", "basic"], new[] { first.Token, second.Token, third.Token });
    }

    [Fact]
    public async Task TryLease_Exclusions_SkipsTriedTokensAndRecordsTheLease()
    {
        await using var pool = await CreateAsync(Basic("a", 80), Basic("b", 70), Basic("c", 60));
        var request = new TokenRequest(PoolTier.Basic, 1);
        var tried = default(TokenExclusions);

        Assert.True(pool.Selector.TryLease(request, ref tried, out var first));
        pool.Selector.Complete(first, LeaseOutcome.RateLimited, null);
        Assert.True(pool.Selector.TryLease(request, ref tried, out var second));
        pool.Selector.Complete(second, LeaseOutcome.TransientFailure, null);
        Assert.True(pool.Selector.TryLease(request, ref tried, out var third));
        pool.Selector.Complete(third, LeaseOutcome.TransientFailure, null);

        Assert.Equal(["a", "b", "c"], new[] { first.Token, second.Token, third.Token });
        Assert.Equal(3, tried.Count);
        Assert.False(pool.Selector.TryLease(request, ref tried, out _));
    }

    [Fact]
    public async Task TryLease_ExclusionsFull_ReturnsFalse()
    {
        await using var pool = await CreateAsync([.. Enumerable.Range(0, TokenExclusions.Capacity + 1).Select(i => Basic($"t{i}"))]);
        var request = new TokenRequest(PoolTier.Basic, 1);
        var tried = default(TokenExclusions);
        for (var i = 0; i < TokenExclusions.Capacity; i++)
        {
            Assert.True(pool.Selector.TryLease(request, ref tried, out var lease));
            pool.Selector.Complete(lease, LeaseOutcome.TransientFailure, null);
        }

        Assert.True(tried.IsFull);
        Assert.False(pool.Selector.TryLease(request, ref tried, out _));
    }

    [Fact]
    public async Task TryLease_RequiredTag_OnlyTaggedTokens()
    {
        await using var pool = await CreateAsync(Basic("plain", 80), Basic("tagged", 4, tags: "NSFW"), Super("super-plain", 140));

        Assert.Equal("tagged", pool.TryLeaseToken(PoolTier.Basic, 4, TokenTags.Nsfw));
        Assert.Null(pool.TryLeaseToken(PoolTier.Basic, 4, TokenTags.Nsfw));
        Assert.Null(pool.TryLeaseToken(PoolTier.Basic, 1, "other"));
    }

    [Fact]
    public async Task TryLease_RequiredTagUntilExhausted_EveryTaggedUnitUsedOnce()
    {
        // Arrange: tagged tokens carry two tags, so leases move them in three indexes at once.
        await using var pool = await CreateAsync(
            [.. Enumerable.Range(0, 5).Select(i => Basic($"tagged-{i}", 3 + i, tags: ["vip", "nsfw"])), Basic("plain", 100)]);
        var leased = 0;

        // Act
        while (leased < 100)
        {
            var tried = default(TokenExclusions);
            if (!pool.Selector.TryLease(new TokenRequest(PoolTier.Basic, 1, "vip"), ref tried, out var probe))
            {
                break;
            }

            pool.Selector.Complete(probe, LeaseOutcome.ClientAbort, null);
            Assert.StartsWith("tagged-", pool.Lease(PoolTier.Basic, 1, TokenTags.Nsfw).Token, StringComparison.Ordinal);
            leased++;
        }

        // Assert: 3 + 4 + 5 + 6 + 7 units, each reserved once; the untagged token is untouched.
        Assert.Equal(25, leased);
        Assert.All(Enumerable.Range(0, 5), i => Assert.Equal(3 + i, pool.Reserved($"tagged-{i}")));
        Assert.Null(pool.TryLeaseToken(PoolTier.Basic, 1, "vip"));
        Assert.Equal("plain", pool.TryLeaseToken());
    }

    [Theory]
    [InlineData(3, 0, 3)]
    [InlineData(4, 0, 4)]
    [InlineData(7, 4, 3)]
    [InlineData(8, 4, 4)]
    [InlineData(1, 0, 1)]
    public async Task TryLease_CostFourFewerUnitsLeft_ServedReservingWhatIsLeft(int quota, int alreadyReserved, int reserved)
    {
        // The original served a request from any account with quota left and charged what it had;
        // requiring the whole cost turned accounts with 1-3 units into 429s.
        await using var pool = await CreateAsync(Basic("only", quota));
        if (alreadyReserved > 0)
        {
            pool.Lease(cost: alreadyReserved);
        }

        var lease = pool.Lease(PoolTier.Basic, 4);

        Assert.Equal((4, reserved), (lease.Cost, lease.Reserved));
        Assert.Equal(alreadyReserved + reserved, pool.Reserved("only"));
        Assert.Null(pool.TryLeaseToken(PoolTier.Basic, 4));
    }

    [Fact]
    public async Task TryLease_CostFourPartialTokenAndWholeTokenInOtherPool_WholeCostFirst()
    {
        // ssoSuper is tried first here, but its token has only 2 units: the ssoBasic one pays the
        // whole cost while it can, and then the ssoSuper token serves with what it has.
        await using var pool = await CreateAsync(Super("super-low", 2), Basic("basic", 4));

        var first = pool.Lease(PoolTier.Basic, 4, preference: TokenPoolPreference.PreferSuper);
        var second = pool.Lease(PoolTier.Basic, 4, preference: TokenPoolPreference.PreferSuper);

        Assert.Equal(("basic", 4), (first.Token, first.Reserved));
        Assert.Equal(("super-low", 2), (second.Token, second.Reserved));
    }

    [Fact]
    public async Task TryLease_SuperTierOnlyPartialTokens_MostUnitsLeftFirst()
    {
        await using var pool = await CreateAsync(Super("one", 1), Super("three", 3), Super("two", 2));

        var leases = new[] { pool.Lease(PoolTier.Super, 4), pool.Lease(PoolTier.Super, 4), pool.Lease(PoolTier.Super, 4) };

        Assert.Equal(["three", "two", "one"], leases.Select(l => l.Token));
        Assert.Equal([3, 2, 1], leases.Select(l => l.Reserved));
        Assert.Null(pool.TryLeaseToken(PoolTier.Super, 4));
    }

    [Fact]
    public async Task TryLease_PreferredTag_TaggedFirstThenAnyToken()
    {
        await using var pool = await CreateAsync(Basic("plain", 80), Basic("tagged", 10, tags: "NSFW"));
        var request = new TokenRequest(PoolTier.Basic, 1, preferredTag: TokenTags.Nsfw);
        var tried = default(TokenExclusions);

        Assert.True(pool.Selector.TryLease(request, ref tried, out var first));
        pool.Selector.Complete(first, LeaseOutcome.TransientFailure, null);
        Assert.True(pool.Selector.TryLease(request, ref tried, out var second));

        Assert.Equal(("tagged", "plain"), (first.Token, second.Token));
    }

    [Fact]
    public async Task TryLease_PreferredTagNoTaggedToken_AnyToken()
    {
        await using var pool = await CreateAsync(Basic("plain", 80), Basic("cooling-tagged", 0, TokenStatus.Cooling, tags: "nsfw"));

        Assert.Equal("plain", pool.TryLeaseToken(PoolTier.Basic, 4, preferredTag: TokenTags.Nsfw));
        Assert.Equal("plain", pool.TryLeaseToken(PoolTier.Basic, 1, preferredTag: "other"));
    }

    [Fact]
    public async Task TryLease_PreferredTag_BeatsPoolOrderAndWholeCost()
    {
        // A tagged ssoSuper token before an untagged ssoBasic one, and a tagged token with 2 units
        // before untagged tokens that could pay the whole cost.
        await using var pool = await CreateAsync(Basic("plain", 80), Super("super-tagged", 140, tags: "nsfw"), Basic("basic-tagged", 2, tags: "nsfw"));

        var request = new TokenRequest(PoolTier.Basic, 4, preferredTag: TokenTags.Nsfw);
        var tried = default(TokenExclusions);

        Assert.True(pool.Selector.TryLease(request, ref tried, out var first));
        Assert.True(pool.Selector.TryLease(request, ref tried, out var second));
        Assert.True(pool.Selector.TryLease(request, ref tried, out var third));

        Assert.Equal(["super-tagged", "basic-tagged", "plain"], new[] { first.Token, second.Token, third.Token });
        Assert.Equal(2, second.Reserved);
    }

    [Fact]
    public void TokenRequest_RequiredAndPreferredTag_Throws()
    {
        Assert.Throws<ArgumentException>(() => new TokenRequest(PoolTier.Basic, 1, "a", preferredTag: "b"));
    }

    [Theory]
    [InlineData(TokenStatus.Disabled)]
    [InlineData(TokenStatus.Expired)]
    [InlineData(TokenStatus.Cooling)]
    public async Task TryLease_NonActiveStatus_NeverSelected(TokenStatus status)
    {
        await using var pool = await CreateAsync(Basic("b", 80, status), Super("s", 140, status));

        Assert.Null(pool.TryLeaseToken(PoolTier.Basic));
        Assert.Null(pool.TryLeaseToken(PoolTier.Super));
    }

    [Fact]
    public async Task TryLease_UnknownPool_NeverSelected()
    {
        await using var pool = await CreateAsync(Record("ssoLegacy", "legacy", 500));

        Assert.Null(pool.TryLeaseToken(PoolTier.Basic));
        Assert.Null(pool.TryLeaseToken(PoolTier.Super));
        Assert.Equal("ssoLegacy", pool.PoolOf("legacy"));
    }

    [Fact]
    public async Task TryLease_QuotaAboveTopBucket_StillSelectedFirst()
    {
        await using var pool = await CreateAsync(Basic("huge", 50_000), Basic("normal", 80));

        Assert.Equal("huge", pool.Lease().Token);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public async Task TryLease_CostBelowOne_Throws(int cost)
    {
        await using var pool = await CreateAsync(Basic("a"));
        var tried = default(TokenExclusions);

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Selector.TryLease(new TokenRequest(PoolTier.Basic, cost), ref tried, out _));
    }

    [Fact]
    public async Task TryLease_EmptyPool_ReturnsFalseWithEmptyLease()
    {
        await using var pool = await CreateAsync();
        var tried = default(TokenExclusions);

        Assert.False(pool.Selector.TryLease(new TokenRequest(PoolTier.Basic, 1), ref tried, out var lease));
        Assert.True(lease.IsEmpty);
        Assert.False(pool.Selector.Complete(lease, LeaseOutcome.Success, null));
    }

    [Fact]
    public async Task Lease_ToString_ShowsIdNotToken()
    {
        await using var pool = await CreateAsync(Basic("secret-token-value"));

        var lease = pool.Lease();

        Assert.Equal(TokenIdentity.IdOf("secret-token-value"), lease.ToString());
        Assert.Equal(lease.TokenId, lease.ToString());
    }

    private sealed class StrongBox
    {
        public int Held;
        public int Used;
    }
}
