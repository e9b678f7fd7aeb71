using Grok2Api.Configuration;
using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Registry;
using Grok2Api.TokenPool.Selection;
using static Grok2Api.TokenPool.Tests.PoolHarness;

namespace Grok2Api.TokenPool.Tests.Selection;

public sealed class TokenSelectorCompleteTests
{
    public static TheoryData<LeaseOutcome, int, int, TokenStatus, int, int, int, string?, bool> Outcomes => new()
    {
        // outcome, start quota, cost, status after, quota after, use count after, fail count after (from 2), last fail reason, last_used set
        { LeaseOutcome.Success, 80, 1, TokenStatus.Active, 79, 1, 0, null, true },
        { LeaseOutcome.Success, 4, 4, TokenStatus.Cooling, 0, 4, 0, null, true },
        { LeaseOutcome.RateLimited, 80, 1, TokenStatus.Cooling, 0, 0, 2, "given_reason", false },
        { LeaseOutcome.Unauthorized, 80, 1, TokenStatus.Active, 80, 0, 3, "given_reason", false },
        { LeaseOutcome.Forbidden, 80, 1, TokenStatus.Active, 80, 0, 2, "given_reason", false },
        { LeaseOutcome.TransientFailure, 80, 4, TokenStatus.Active, 80, 0, 2, null, false },
        { LeaseOutcome.ClientAbort, 80, 4, TokenStatus.Active, 80, 0, 2, null, false },
    };

    [Theory]
    [MemberData(nameof(Outcomes))]
    public async Task Complete_Outcome_AppliesTransition(
        LeaseOutcome outcome, int quota, int cost, TokenStatus status, int quotaAfter, int useCountAfter, int failCountAfter, string? reason, bool used)
    {
        // Arrange: a token with two earlier credential rejections.
        var record = Basic("tok", quota);
        await using var pool = await CreateAsync(record with { Token = record.Token with { FailCount = 2 } });
        var lease = pool.Lease(cost: cost);
        pool.Time.Advance(TimeSpan.FromSeconds(5));

        // Act
        Assert.True(pool.Selector.Complete(lease, outcome, "given_reason"));

        // Assert
        var view = pool.View("tok");
        Assert.Equal(status, view.Status);
        Assert.Equal(quotaAfter, view.Quota);
        Assert.Equal(useCountAfter, view.UseCount);
        Assert.Equal(failCountAfter, view.FailCount);
        Assert.Equal(reason, view.LastFailReason);
        Assert.Equal(reason is null ? null : pool.NowMs, view.LastFailAt);
        Assert.Equal(used ? pool.NowMs : null, view.LastUsedAt);
        Assert.Equal(0, pool.Reserved("tok"));
    }

    [Theory]
    [InlineData(LeaseOutcome.Success, true)]
    [InlineData(LeaseOutcome.RateLimited, true)]
    [InlineData(LeaseOutcome.Unauthorized, true)]
    [InlineData(LeaseOutcome.Forbidden, true)]
    [InlineData(LeaseOutcome.TransientFailure, false)]
    [InlineData(LeaseOutcome.ClientAbort, false)]
    public async Task Complete_Outcome_MarksDirtyOnlyWhenRecordChanged(LeaseOutcome outcome, bool dirty)
    {
        await using var pool = await CreateAsync(Basic("tok"));

        pool.Selector.Complete(pool.Lease(), outcome, null);

        Assert.Equal(dirty ? 1 : 0, pool.WriteBehind.DirtyCount);
    }

    [Fact]
    public async Task Complete_SuccessBeyondQuota_ChargesOnlyWhatIsLeft()
    {
        await using var pool = await CreateAsync(Basic("tok", 5));
        var lease = pool.Lease(cost: 4);
        await pool.Registry.PatchAsync(TokenIdentity.IdOf("tok"), new TokenPatch { Quota = 2 }, TestContext.Current.CancellationToken);

        pool.Selector.Complete(lease, LeaseOutcome.Success, null);

        var view = pool.View("tok");
        Assert.Equal(0, view.Quota);
        Assert.Equal(2, view.UseCount);
        Assert.Equal(TokenStatus.Cooling, view.Status);
    }

    [Fact]
    public async Task Complete_SuccessOnTokenWithLessThanTheCost_ChargesWhatItHadAndCools()
    {
        await using var pool = await CreateAsync(Super("tok", 2));
        var lease = pool.Lease(PoolTier.Super, 4);

        pool.Selector.Complete(lease, LeaseOutcome.Success, null);

        var view = pool.View("tok");
        Assert.Equal((0, 2, TokenStatus.Cooling), (view.Quota, view.UseCount, view.Status));
        Assert.Equal(0, pool.Reserved("tok"));
    }

    [Fact]
    public async Task Complete_PartialLeaseQuotaRaisedMeanwhile_ReleasesWhatWasReservedAndChargesTheCost()
    {
        // Leased with 2 units of a cost of 4; a re-sync (here an admin edit) gives the token 50 meanwhile.
        await using var pool = await CreateAsync(Super("tok", 2));
        var lease = pool.Lease(PoolTier.Super, 4);
        await pool.Registry.PatchAsync(TokenIdentity.IdOf("tok"), new TokenPatch { Quota = 50 }, TestContext.Current.CancellationToken);

        pool.Selector.Complete(lease, LeaseOutcome.Success, null);

        Assert.Equal((46, 4), (pool.View("tok").Quota, pool.View("tok").UseCount));
        Assert.Equal(0, pool.Reserved("tok"));
    }

    [Fact]
    public async Task Complete_UnauthorizedAtThreshold_Expires()
    {
        await using var pool = await CreateAsync(Basic("tok"));
        pool.Token.Update(t => t with { FailThreshold = 2 });

        pool.Selector.Complete(pool.Lease(), LeaseOutcome.Unauthorized, "app_chat_auth_failed");
        Assert.Equal(TokenStatus.Active, pool.View("tok").Status);
        pool.Selector.Complete(pool.Lease(), LeaseOutcome.Unauthorized, "app_chat_auth_failed");

        var view = pool.View("tok");
        Assert.Equal(TokenStatus.Expired, view.Status);
        Assert.Equal(2, view.FailCount);
        Assert.Equal("app_chat_auth_failed", view.LastFailReason);
        Assert.Null(pool.TryLeaseToken());
    }

    [Fact]
    public async Task Complete_FailThresholdChangedLive_UsesNewValue()
    {
        await using var pool = await CreateAsync(Basic("tok"));
        pool.Selector.Complete(pool.Lease(), LeaseOutcome.Unauthorized, null);
        pool.Selector.Complete(pool.Lease(), LeaseOutcome.Unauthorized, null);
        Assert.Equal(TokenStatus.Active, pool.View("tok").Status);

        pool.Token.Update(t => t with { FailThreshold = 3 });
        pool.Selector.Complete(pool.Lease(), LeaseOutcome.Unauthorized, null);

        Assert.Equal(TokenStatus.Expired, pool.View("tok").Status);
    }

    [Fact]
    public async Task Complete_SuccessAfterFailures_ResetsConsecutiveFailCount()
    {
        await using var pool = await CreateAsync(Basic("tok"));
        for (var i = 0; i < 4; i++)
        {
            pool.Selector.Complete(pool.Lease(), LeaseOutcome.Unauthorized, null);
        }

        pool.Selector.Complete(pool.Lease(), LeaseOutcome.Success, null);
        for (var i = 0; i < 4; i++)
        {
            pool.Selector.Complete(pool.Lease(), LeaseOutcome.Unauthorized, null);
        }

        Assert.Equal(4, pool.View("tok").FailCount);
        Assert.Equal(TokenStatus.Active, pool.View("tok").Status);
    }

    [Fact]
    public async Task Complete_SameLeaseTwice_SecondIgnored()
    {
        await using var pool = await CreateAsync(Basic("tok", 80));
        var first = pool.Lease(cost: 4);
        var copy = first;

        Assert.True(pool.Selector.Complete(first, LeaseOutcome.Success, null));
        var second = pool.Lease(cost: 4);
        Assert.False(pool.Selector.Complete(copy, LeaseOutcome.Success, null));

        Assert.Equal(76, pool.View("tok").Quota);
        Assert.Equal(4, pool.Reserved("tok"));
        Assert.True(pool.Selector.Complete(second, LeaseOutcome.ClientAbort, null));
        Assert.Equal(0, pool.Reserved("tok"));
    }

    [Theory]
    [InlineData(LeaseOutcome.Success)]
    [InlineData(LeaseOutcome.RateLimited)]
    [InlineData(LeaseOutcome.Unauthorized)]
    [InlineData(LeaseOutcome.Forbidden)]
    public async Task Complete_TokenDisabledWhileInFlight_StaysDisabled(LeaseOutcome outcome)
    {
        await using var pool = await CreateAsync(Basic("tok", 4));
        pool.Token.Update(t => t with { FailThreshold = 1 });
        var lease = pool.Lease(cost: 4);
        await pool.Registry.PatchAsync(TokenIdentity.IdOf("tok"), new TokenPatch { Status = TokenStatus.Disabled }, TestContext.Current.CancellationToken);

        pool.Selector.Complete(lease, outcome, null);

        Assert.Equal(TokenStatus.Disabled, pool.View("tok").Status);
        Assert.Equal(0, pool.Reserved("tok"));
    }

    [Fact]
    public async Task Complete_TokenRemovedWhileInFlight_CompletesHarmlessly()
    {
        await using var pool = await CreateAsync(Basic("tok"), Basic("other"));
        var lease = pool.Lease();
        var removedToken = lease.Token;
        await pool.Registry.RemoveAsync(lease.TokenId, TestContext.Current.CancellationToken);
        var dirtyBefore = pool.WriteBehind.DirtyCount;

        Assert.True(pool.Selector.Complete(lease, LeaseOutcome.Success, null));

        Assert.Equal(dirtyBefore, pool.WriteBehind.DirtyCount);
        Assert.Null(pool.Registry.Find(lease.TokenId));
        Assert.Equal(0, pool.Registry.Query(new(null, null, null, null)).Stats.InFlight);
        Assert.NotEqual(removedToken, pool.Lease().Token);
    }

    [Fact]
    public async Task Complete_TokenMovedWhileInFlight_ReleasesReservationInNewPool()
    {
        await using var pool = await CreateAsync(Basic("tok", 8));
        var lease = pool.Lease(cost: 4);
        await pool.Registry.PatchAsync(lease.TokenId, new TokenPatch { Pool = TokenPools.Super }, TestContext.Current.CancellationToken);
        Assert.Equal(4, pool.Reserved("tok"));

        pool.Selector.Complete(lease, LeaseOutcome.ClientAbort, null);

        Assert.Equal(0, pool.Reserved("tok"));
        Assert.Equal("tok", pool.TryLeaseToken(PoolTier.Super, 4));
        Assert.Equal("tok", pool.TryLeaseToken(PoolTier.Super, 4));
        Assert.Null(pool.TryLeaseToken(PoolTier.Super, 4));
    }

    [Fact]
    public async Task Complete_RateLimited_TokenNoLongerSelected()
    {
        await using var pool = await CreateAsync(Basic("tok"));

        pool.Selector.Complete(pool.Lease(), LeaseOutcome.RateLimited, null);

        Assert.Null(pool.TryLeaseToken());
        Assert.Equal("rate_limited", pool.View("tok").LastFailReason);
    }
}
