using Grok2Api.Storage.Tokens;
using Grok2Api.TokenPool.Refresh;
using Grok2Api.TokenPool.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Grok2Api.TokenPool.Tests.PoolHarness;

namespace Grok2Api.TokenPool.Tests.Refresh;

public sealed class TokenRefreshSchedulerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_SuperToken_RefreshedOnTheTickAtTwoHours()
    {
        // Arrange: a super token (2 h) and a basic token (8 h), both created at the start.
        await using var pool = await CreateAsync(Super("super"), Basic("basic"));
        pool.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(2));
        await using var scheduler = Start(pool);

        // Act + Assert
        await scheduler.TickAsync();
        Assert.Empty(pool.QuotaClient.Calls);
        await scheduler.TickAsync();
        Assert.Equal(["super"], pool.QuotaClient.Calls);
        await scheduler.TickAsync();
        Assert.Equal(["super"], pool.QuotaClient.Calls);
    }

    [Fact]
    public async Task RunAsync_BasicToken_RefreshedOnTheTickAtEightHours()
    {
        await using var pool = await CreateAsync(Basic("basic"));
        pool.Time.Advance(TimeSpan.FromHours(8) - TimeSpan.FromMinutes(2));
        await using var scheduler = Start(pool);

        await scheduler.TickAsync();
        Assert.Empty(pool.QuotaClient.Calls);
        await scheduler.TickAsync();

        Assert.Equal(["basic"], pool.QuotaClient.Calls);
        Assert.Equal(pool.NowMs, pool.View("basic").LastSyncAt);
    }

    [Fact]
    public async Task RunAsync_AutoRefreshOff_NoCallsUntilTurnedOn()
    {
        await using var pool = await CreateAsync(Super("super", 0, TokenStatus.Cooling));
        pool.Token.Update(t => t with { AutoRefresh = false });
        pool.Time.Advance(TimeSpan.FromHours(3));
        await using var scheduler = Start(pool);

        await scheduler.TickAsync();
        Assert.Empty(pool.QuotaClient.Calls);
        pool.Token.Update(t => t with { AutoRefresh = true });
        await scheduler.TickAsync();

        Assert.Equal(["super"], pool.QuotaClient.Calls);
        Assert.Equal(TokenStatus.Active, pool.View("super").Status);
    }

    [Fact]
    public async Task RunAsync_IntervalShortenedLive_AppliedOnNextTick()
    {
        await using var pool = await CreateAsync(Basic("basic"));
        pool.Time.Advance(TimeSpan.FromMinutes(29));
        await using var scheduler = Start(pool);

        await scheduler.TickAsync();
        Assert.Empty(pool.QuotaClient.Calls);
        pool.Token.Update(t => t with { RefreshIntervalHours = 0.5 });
        await scheduler.TickAsync();

        Assert.Equal(["basic"], pool.QuotaClient.Calls);
    }

    [Fact]
    public async Task RunAsync_Unauthorized_CountsOncePerDueTick()
    {
        await using var pool = await CreateAsync(Super("super"));
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(QuotaSyncStatus.Unauthorized);
        pool.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
        await using var scheduler = Start(pool);

        await scheduler.TickAsync();
        await scheduler.TickAsync();

        Assert.Equal((2, "rate_limits_auth_failed"), (pool.View("super").FailCount, pool.View("super").LastFailReason));
    }

    [Fact]
    public async Task RunAsync_RepeatedFailures_BackOffExponentiallyAndResetOnSuccess()
    {
        // A Cloudflare block must not turn into one call per token per minute.
        await using var pool = await CreateAsync(Super("super"));
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(QuotaSyncStatus.Forbidden);
        pool.Time.Advance(TimeSpan.FromHours(2) - TimeSpan.FromMinutes(1));
        await using var scheduler = Start(pool);

        // Failures at ticks 1, 2, 4 and 8: waits of 1, 2 and 4 minutes between them.
        var callsAfterTick = new List<int>();
        for (var tick = 1; tick <= 8; tick++)
        {
            await scheduler.TickAsync();
            callsAfterTick.Add(pool.QuotaClient.Calls.Count);
        }

        Assert.Equal([1, 2, 2, 3, 3, 3, 3, 4], callsAfterTick);

        // The next try (8 minutes later) succeeds; after that the normal interval applies again.
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(QuotaSyncStatus.Ok, 50);
        for (var tick = 1; tick <= 8; tick++)
        {
            await scheduler.TickAsync();
        }

        Assert.Equal(5, pool.QuotaClient.Calls.Count);
        Assert.Equal(50, pool.View("super").Quota);
        await scheduler.TickAsync();
        Assert.Equal(5, pool.QuotaClient.Calls.Count);
    }

    [Fact]
    public async Task RunAsync_LeaseFindsNoAccount_DueCoolingTokenReSyncedBeforeTheNextTick()
    {
        // The only token was rate limited by a request a moment ago and has never been synced.
        await using var pool = await CreateAsync(Basic("tok", 0, TokenStatus.Cooling));
        await using var scheduler = Start(pool);

        Assert.Null(pool.TryLeaseToken());
        await scheduler.NudgedAsync();

        Assert.Equal(["tok"], pool.QuotaClient.Calls);
        Assert.Equal("tok", pool.TryLeaseToken());
    }

    [Fact]
    public async Task RunAsync_ManyRequestsFindNoAccount_OneRunPerGap()
    {
        // The quota call answers rate limited: the token stays cooling, and is due again only
        // because its interval is shortened below the gap.
        await using var pool = await CreateAsync(Basic("tok", 0, TokenStatus.Cooling));
        pool.QuotaClient.Handler = FakeQuotaClient.Answer(QuotaSyncStatus.RateLimited);
        await using var scheduler = Start(pool);

        for (var i = 0; i < 100; i++)
        {
            Assert.Null(pool.TryLeaseToken());
        }

        await scheduler.NudgedAsync();
        pool.Token.Update(t => t with { RefreshIntervalHours = 1.0 / 3600 });
        pool.Time.Advance(TimeSpan.FromSeconds(14));
        Assert.Null(pool.TryLeaseToken());
        pool.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Null(pool.TryLeaseToken());
        await scheduler.NudgedAsync();

        Assert.Equal(2, scheduler.Nudges);
        Assert.Equal(["tok", "tok"], pool.QuotaClient.Calls);
    }

    [Fact]
    public async Task ExecuteAsync_HostedService_StopsCleanly()
    {
        await using var pool = await CreateAsync(Super("super"));
        var hosted = pool.Services.GetServices<IHostedService>().OfType<TokenRefreshScheduler>().Single();

        await hosted.StartAsync(Ct);
        await hosted.StopAsync(Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct);

        // Completed without a fault (it may be cancelled before the loop even started).
        Assert.True(hosted.ExecuteTask!.IsCompleted);
        Assert.False(hosted.ExecuteTask.IsFaulted);
    }

    private static SchedulerRun Start(PoolHarness pool) =>
        new(pool, pool.Services.GetServices<IHostedService>().OfType<TokenRefreshScheduler>().Single());

    /// <summary>
    /// Runs the scheduler loop on the fake clock; <see cref="TickAsync"/> moves one minute and waits
    /// for that tick. Larger jumps happen before the loop starts, so each step fires exactly one tick.
    /// </summary>
    private sealed class SchedulerRun : IAsyncDisposable
    {
        private readonly PoolHarness _pool;
        private readonly SemaphoreSlim _ticks = new(0);
        private readonly SemaphoreSlim _nudges = new(0);
        private int _nudgeCount;
        private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        private readonly Task _run;

        public SchedulerRun(PoolHarness pool, TokenRefreshScheduler scheduler)
        {
            _pool = pool;
            scheduler.TickCompleted = () => _ticks.Release();
            scheduler.NudgeCompleted = () =>
            {
                Interlocked.Increment(ref _nudgeCount);
                _nudges.Release();
            };
            _run = scheduler.RunAsync(_stop.Token);
        }

        public async Task TickAsync()
        {
            _pool.Time.Advance(TimeSpan.FromMinutes(1));
            Assert.True(await _ticks.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken), "The scheduler did not tick.");
        }

        /// <summary>Runs started by a nudge so far.</summary>
        public int Nudges => Volatile.Read(ref _nudgeCount);

        /// <summary>Waits for the next run started by a nudge, without moving the clock.</summary>
        public async Task NudgedAsync() =>
            Assert.True(await _nudges.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken), "No run was nudged.");

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _run.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
            _stop.Dispose();
            _ticks.Dispose();
            _nudges.Dispose();
        }
    }
}
