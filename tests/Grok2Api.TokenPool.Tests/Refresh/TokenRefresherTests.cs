using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Refresh;
using Grok2Api.TokenPool.Tests.Fakes;
using static Grok2Api.TokenPool.Tests.PoolHarness;

namespace Grok2Api.TokenPool.Tests.Refresh;

public sealed class TokenRefresherTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RefreshDueAsync_BasicToken_DueAfterEightHoursNotBefore()
    {
        await using var pool = await CreateAsync(Basic("tok", 80));

        pool.Time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, await pool.Refresher.RefreshDueAsync(Ct));
        pool.Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, await pool.Refresher.RefreshDueAsync(Ct));

        Assert.Equal(["tok"], pool.QuotaClient.Calls);
        Assert.Equal((50, pool.NowMs), (pool.View("tok").Quota, pool.View("tok").LastSyncAt));
        Assert.Equal(0, await pool.Refresher.RefreshDueAsync(Ct));
    }

    [Fact]
    public async Task RefreshDueAsync_SuperToken_DueAfterTwoHours()
    {
        await using var pool = await CreateAsync(Basic("basic"), Super("super"));

        pool.Time.Advance(TimeSpan.FromHours(2));
        await pool.Refresher.RefreshDueAsync(Ct);

        Assert.Equal(["super"], pool.QuotaClient.Calls);
    }

    [Fact]
    public async Task RefreshDueAsync_LastSyncAt_CountsFromLastSyncNotCreation()
    {
        var record = Super("tok");
        await using var pool = await CreateAsync(record with { Token = record.Token with { CreatedAt = StartMs - 100_000_000, LastSyncAt = StartMs } });

        pool.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await pool.Refresher.RefreshDueAsync(Ct));
        pool.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(1, await pool.Refresher.RefreshDueAsync(Ct));
    }

    [Fact]
    public async Task RefreshDueAsync_CoolingNeverSynced_DueAtOnceUnlikeActiveOrSyncedTokens()
    {
        // Imported and rate limited within the hour: the original re-synced such an account at its
        // next run; counting from its creation kept it cooling for a whole interval (8 h here).
        var synced = Basic("cooling-synced", 0, TokenStatus.Cooling);
        await using var pool = await CreateAsync(
            Basic("cooling-new", 0, TokenStatus.Cooling),
            Basic("active-new"),
            synced with { Token = synced.Token with { LastSyncAt = StartMs } });

        pool.Time.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(1, await pool.Refresher.RefreshDueAsync(Ct));
        Assert.Equal(["cooling-new"], pool.QuotaClient.Calls);
        Assert.Equal((TokenStatus.Active, 50), (pool.View("cooling-new").Status, pool.View("cooling-new").Quota));
    }

    [Fact]
    public async Task RefreshDueAsync_StatusesAndPools_OnlyActiveAndCoolingOfKnownPools()
    {
        await using var pool = await CreateAsync(
            Basic("active"),
            Basic("cooling", 0, TokenStatus.Cooling),
            Basic("expired", 10, TokenStatus.Expired),
            Basic("disabled", 10, TokenStatus.Disabled),
            Record("ssoLegacy", "legacy"));

        pool.Time.Advance(TimeSpan.FromHours(9));
        await pool.Refresher.RefreshDueAsync(Ct);

        Assert.Equal(["active", "cooling"], pool.QuotaClient.Calls.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RefreshDueAsync_IntervalChangedLive_Applied()
    {
        await using var pool = await CreateAsync(Basic("tok"));
        pool.Time.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await pool.Refresher.RefreshDueAsync(Ct));

        pool.Token.Update(t => t with { RefreshIntervalHours = 0.5 });

        Assert.Equal(1, await pool.Refresher.RefreshDueAsync(Ct));
    }

    [Theory]
    [InlineData(TokenStatus.Cooling, 0, 30, TokenStatus.Active)]
    [InlineData(TokenStatus.Active, 80, 0, TokenStatus.Cooling)]
    [InlineData(TokenStatus.Active, 80, 75, TokenStatus.Active)]
    [InlineData(TokenStatus.Cooling, 0, 0, TokenStatus.Cooling)]
    public async Task RefreshDueAsync_OkWithQuota_SetsQuotaAndStatus(TokenStatus from, int quota, int remaining, TokenStatus expected)
    {
        var record = Basic("tok", quota, from);
        await using var pool = await CreateAsync(record with { Token = record.Token with { FailCount = 3 } });
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(QuotaSyncStatus.Ok, remaining);
        pool.Time.Advance(TimeSpan.FromHours(8));

        await pool.Refresher.RefreshDueAsync(Ct);

        var view = pool.View("tok");
        Assert.Equal((remaining, expected, 0, pool.NowMs), (view.Quota, view.Status, view.FailCount, view.LastSyncAt));
        Assert.Equal(expected == TokenStatus.Active, pool.TryLeaseToken() is not null);
        Assert.Contains("dirty:tok", pool.WriteBehind.Events);
    }

    [Fact]
    public async Task RefreshDueAsync_Unauthorized_CountsTowardsExpiry()
    {
        await using var pool = await CreateAsync(Basic("tok"));
        pool.Token.Update(t => t with { FailThreshold = 2 });
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(QuotaSyncStatus.Unauthorized);
        pool.Time.Advance(TimeSpan.FromHours(8));

        await pool.Refresher.RefreshDueAsync(Ct);
        Assert.Equal((TokenStatus.Active, 1, "rate_limits_auth_failed"), (pool.View("tok").Status, pool.View("tok").FailCount, pool.View("tok").LastFailReason));
        pool.Time.Advance(TimeSpan.FromMinutes(1));
        await pool.Refresher.RefreshDueAsync(Ct);

        Assert.Equal((TokenStatus.Expired, 2), (pool.View("tok").Status, pool.View("tok").FailCount));
        Assert.Null(pool.View("tok").LastSyncAt);
    }

    [Fact]
    public async Task RefreshDueAsync_RateLimited_CoolsAndWaitsForNextInterval()
    {
        await using var pool = await CreateAsync(Basic("tok"));
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(QuotaSyncStatus.RateLimited);
        pool.Time.Advance(TimeSpan.FromHours(8));

        await pool.Refresher.RefreshDueAsync(Ct);

        Assert.Equal((TokenStatus.Cooling, 0), (pool.View("tok").Status, pool.View("tok").Quota));
        Assert.Equal(0, await pool.Refresher.RefreshDueAsync(Ct));
    }

    [Theory]
    [InlineData(QuotaSyncStatus.Forbidden)]
    [InlineData(QuotaSyncStatus.Failed)]
    public async Task RefreshDueAsync_ForbiddenOrFailed_NoChangeAndRetriedAfterABackoff(QuotaSyncStatus status)
    {
        await using var pool = await CreateAsync(Basic("tok", 0, TokenStatus.Cooling));
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(status);
        pool.Time.Advance(TimeSpan.FromHours(8));

        await pool.Refresher.RefreshDueAsync(Ct);

        var view = pool.View("tok");
        Assert.Equal((TokenStatus.Cooling, 0, 0, (long?)null), (view.Status, view.Quota, view.FailCount, view.LastSyncAt));
        Assert.Empty(pool.WriteBehind.Events);
        Assert.Equal(0, await pool.Refresher.RefreshDueAsync(Ct));
        pool.Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await pool.Refresher.RefreshDueAsync(Ct));
    }

    [Fact]
    public async Task RefreshDueAsync_OkWithoutRemainingTokens_NoChange()
    {
        await using var pool = await CreateAsync(Basic("tok", 33));
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(QuotaSyncStatus.Ok);
        pool.Time.Advance(TimeSpan.FromHours(8));

        await pool.Refresher.RefreshDueAsync(Ct);

        Assert.Equal((33, (long?)null), (pool.View("tok").Quota, pool.View("tok").LastSyncAt));
    }

    [Theory]
    [InlineData(2, 50, 2)]
    [InlineData(5, 3, 3)]
    public async Task RefreshDueAsync_ManyTokens_BoundedByConcurrencyAndBatch(int concurrent, int batchSize, int bound)
    {
        await using var pool = await CreateAsync([.. Enumerable.Range(0, 7).Select(i => Super($"tok-{i}"))]);
        pool.Usage.Update(u => u with { Concurrent = concurrent, BatchSize = batchSize });
        pool.QuotaClient.Handler = async (_, ct) =>
        {
            await Task.Delay(20, ct);
            return new QuotaSyncResult(QuotaSyncStatus.Ok, 9, null);
        };
        pool.Time.Advance(TimeSpan.FromHours(2));

        Assert.Equal(7, await pool.Refresher.RefreshDueAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));

        Assert.Equal(7, pool.QuotaClient.Calls.Count);
        Assert.InRange(pool.QuotaClient.Peak, 1, bound);
        Assert.All(Enumerable.Range(0, 7), i => Assert.Equal(9, pool.View($"tok-{i}").Quota));
    }

    [Fact]
    public async Task RefreshDueAsync_RunAlreadyGoing_SecondReturnsAtOnce()
    {
        await using var pool = await CreateAsync(Super("tok"));
        var release = new TaskCompletionSource<QuotaSyncResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        pool.QuotaClient.Handler = (_, _) => release.Task;
        pool.Time.Advance(TimeSpan.FromHours(2));

        var first = pool.Refresher.RefreshDueAsync(Ct);
        await WaitForCallsAsync(pool.QuotaClient, 1);
        var second = await pool.Refresher.RefreshDueAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);
        release.SetResult(new QuotaSyncResult(QuotaSyncStatus.Ok, 5, null));

        Assert.Equal(-1, second);
        Assert.Equal(1, await first.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Single(pool.QuotaClient.Calls);
    }

    [Fact]
    public async Task RefreshAsync_ClientHangs_TimesOutAsFailed()
    {
        await using var pool = await CreateAsync(Basic("tok", 12));
        pool.Usage.Update(u => u with { Timeout = 5 });
        pool.QuotaClient.Handler = async (_, ct) =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return default;
        };

        var run = pool.Refresher.RefreshAsync(null, null, Ct);
        await WaitForCallsAsync(pool.QuotaClient, 1);
        pool.Time.Advance(TimeSpan.FromSeconds(5));
        var result = Assert.Single(await run.WaitAsync(TimeSpan.FromSeconds(10), Ct));

        Assert.Equal((TokenRefreshOutcome.Failed, "timeout", 12), (result.Outcome, result.Detail, result.Quota));
    }

    [Fact]
    public async Task RefreshAsync_ClientThrows_FailedAndOthersContinue()
    {
        await using var pool = await CreateAsync(Basic("bad", createdAt: StartMs + 1), Basic("good"));
        pool.QuotaClient.Handler = (token, _) => token == "bad"
            ? throw new InvalidOperationException("bug")
            : Task.FromResult(new QuotaSyncResult(QuotaSyncStatus.Ok, 7, null));

        var results = await pool.Refresher.RefreshAsync(null, null, Ct);

        Assert.Equal([TokenRefreshOutcome.Failed, TokenRefreshOutcome.Synced], results.Select(r => r.Outcome));
        Assert.Equal(7, pool.View("good").Quota);
    }

    [Fact]
    public async Task RefreshAsync_Explicit_RevivesExpiredSkipsDisabledReportsUnknown()
    {
        await using var pool = await CreateAsync(Basic("expired", 0, TokenStatus.Expired), Basic("disabled", 0, TokenStatus.Disabled));
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(QuotaSyncStatus.Ok, 40);
        List<TokenRefreshProgress> reports = [];
        var progress = new SynchronousProgress(reports);

        var results = await pool.Refresher.RefreshAsync(
            [TokenIdentity.IdOf("expired"), "ffffffffffffffff", TokenIdentity.IdOf("disabled")], progress, Ct);

        Assert.Equal(
            [TokenRefreshOutcome.Synced, TokenRefreshOutcome.NotFound, TokenRefreshOutcome.Skipped],
            results.Select(r => r.Outcome));
        Assert.Equal((TokenStatus.Active, 40), (pool.View("expired").Status, pool.View("expired").Quota));
        Assert.Equal(TokenStatus.Disabled, pool.View("disabled").Status);
        Assert.Equal(["expired"], pool.QuotaClient.Calls);
        Assert.Equal("expired", pool.TryLeaseToken());
        Assert.Equal(3, reports.Count);
        Assert.Equal((3, 3, 1, 2), (reports[^1].Total, reports[^1].Processed, reports[^1].Succeeded, reports[^1].Failed));
    }

    [Fact]
    public async Task RefreshAsync_TokenRemovedDuringCall_ReportsNotFound()
    {
        await using var pool = await CreateAsync(Basic("tok"));
        pool.QuotaClient.Handler = async (_, _) =>
        {
            await pool.Registry.RemoveAsync(TokenIdentity.IdOf("tok"), CancellationToken.None);
            return new QuotaSyncResult(QuotaSyncStatus.Ok, 10, null);
        };

        var result = Assert.Single(await pool.Refresher.RefreshAsync(null, null, Ct));

        Assert.Equal(TokenRefreshOutcome.NotFound, result.Outcome);
        Assert.Null(pool.Registry.Find(TokenIdentity.IdOf("tok")));
    }

    internal static async Task WaitForCallsAsync(FakeQuotaClient client, int count)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (client.Calls.Count < count)
        {
            await Task.Delay(5, timeout.Token);
        }
    }

    private sealed class SynchronousProgress(List<TokenRefreshProgress> reports) : IProgress<TokenRefreshProgress>
    {
        public void Report(TokenRefreshProgress value)
        {
            lock (reports)
            {
                reports.Add(value);
            }
        }
    }
}
