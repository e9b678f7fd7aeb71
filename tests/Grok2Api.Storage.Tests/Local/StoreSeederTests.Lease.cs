using Grok2Api.Storage.Coordination;
using Grok2Api.Storage.Seeding;
using Grok2Api.Storage.Tokens;
using Microsoft.Extensions.Logging.Abstractions;

namespace Grok2Api.Storage.Tests.Local;

// The seeding lease: renewed while seeding, lost stops the seeding, and waited for while it is renewed.
public sealed partial class StoreSeederTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Ttl = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RenewEvery = new StoreLeaseOptions { Ttl = Ttl }.RenewEvery;

    [Fact]
    public async Task ASeedingLongerThanTheLease_RenewsIt_SoNoOtherInstanceCanTakeItMeanwhile()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new TimerCountingTimeProvider(Start);
        var leases = new ClockedLeases(time);
        var other = leases.For("b");
        await using var source = await FilledSourceAsync(5 * StoreSeeder.BatchSize, ct);
        await using var target = new UnseededBackend(_storeDir.Path, TimeProvider.System) { LeasesOverride = leases.For("a") };
        var refused = 0;
        var slow = new SlowTokenStore(target.LocalTokens, async (batch, token) =>
        {
            // Each batch takes a third of the lease time: five of them outlast it.
            time.Advance(RenewEvery);
            await leases.WaitForAttemptsAsync("a", 1 + batch, token);
            Assert.Equal("a", leases.HolderOf(StoreSeeder.LeaseName));
            Assert.False(await other.TryAcquireAsync(StoreSeeder.LeaseName, Ttl, token));
            refused++;
        });
        target.TokensOverride = slow;

        var result = await StoreSeeder.SeedOnceAsync(source, target, Ttl, time, NullLogger.Instance, ct);

        Assert.Equal(5 * StoreSeeder.BatchSize, result.Tokens);
        Assert.Equal(5, slow.Batches);
        Assert.Equal(5, refused);
        Assert.True(time.GetUtcNow() - Start > Ttl);
        Assert.True(target.Seeded);
        Assert.Null(leases.HolderOf(StoreSeeder.LeaseName));
    }

    [Fact]
    public async Task ARenewalAnsweredFalse_StopsTheSeedingWithAStoreError_AndNothingMoreIsWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new TimerCountingTimeProvider(Start);
        var leases = new ClockedLeases(time);
        await using var source = await FilledSourceAsync(5 * StoreSeeder.BatchSize, ct);
        await using var target = new UnseededBackend(_storeDir.Path, TimeProvider.System) { LeasesOverride = leases.For("a") };
        var slow = new SlowTokenStore(target.LocalTokens, async (batch, token) =>
        {
            if (batch == 2)
            {
                // This instance's lease expired unnoticed and another instance took it.
                leases.TakeOver(StoreSeeder.LeaseName, "b", Ttl);
            }

            time.Advance(RenewEvery);
            await leases.WaitForAttemptsAsync("a", 1 + batch, token);
            if (batch == 2)
            {
                await WaitCancelledAsync(token);
            }
        });
        target.TokensOverride = slow;

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => StoreSeeder.SeedOnceAsync(source, target, Ttl, time, NullLogger.Instance, ct));

        Assert.Contains("another instance", error.Message, StringComparison.Ordinal);
        Assert.Contains(StoreSeeder.LeaseName, error.Message, StringComparison.Ordinal);
        Assert.Equal(2, slow.Batches);
        Assert.Equal(2 * StoreSeeder.BatchSize, (await target.Tokens.LoadAsync(ct)).Count);
        Assert.Empty(await target.Tasks.LoadAsync(ct));
        Assert.Empty(await target.VideoJobs.LoadAsync(ct));
        Assert.False(target.Seeded);
        Assert.Equal(0, target.MarkCalls);

        // Releasing at the end left the other instance's lease alone.
        Assert.Equal("b", leases.HolderOf(StoreSeeder.LeaseName));
    }

    [Fact]
    public async Task ARenewalThatFails_EndsTheSeedingWithThatStoreError()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new TimerCountingTimeProvider(Start);
        var leases = new ClockedLeases(time);
        var outage = new StoreUnavailableException("the fake store did not answer");
        await using var source = await FilledSourceAsync(3 * StoreSeeder.BatchSize, ct);
        await using var target = new UnseededBackend(_storeDir.Path, TimeProvider.System) { LeasesOverride = leases.For("a") };
        var slow = new SlowTokenStore(target.LocalTokens, async (batch, token) =>
        {
            leases.FailNext("a", outage);
            time.Advance(RenewEvery);
            await leases.WaitForAttemptsAsync("a", 1 + batch, token);
            await WaitCancelledAsync(token);
        });
        target.TokensOverride = slow;

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(
            () => StoreSeeder.SeedOnceAsync(source, target, Ttl, time, NullLogger.Instance, ct));

        Assert.Same(outage, error.InnerException);
        Assert.Contains(outage.Message, error.Message, StringComparison.Ordinal);
        Assert.Equal(1, slow.Batches);
        Assert.False(target.Seeded);
        Assert.Null(leases.HolderOf(StoreSeeder.LeaseName));
    }

    [Fact]
    public async Task AWaitingInstance_KeepsWaitingWhileTheHolderRenews_PastTwiceTheLease_ThenFindsTheStoreSeeded()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new TimerCountingTimeProvider(Start);
        var leases = new ClockedLeases(time);
        var holder = leases.For("b");
        Assert.True(await holder.TryAcquireAsync(StoreSeeder.LeaseName, Ttl, ct));
        await using var source = await FilledSourceAsync(5, ct);
        await using var target = new UnseededBackend(_storeDir.Path, TimeProvider.System) { LeasesOverride = leases.For("a") };

        var seeding = StoreSeeder.SeedOnceAsync(source, target, Ttl, time, NullLogger.Instance, ct);

        // Five lease times, well past the old limit of twice the lease time and 5 s.
        var steps = (int)(5 * Ttl / StoreSeeder.WaitStep);
        for (var step = 1; step <= steps; step++)
        {
            await WaitingAsync(time, step, seeding, ct);
            time.Advance(StoreSeeder.WaitStep);
            if ((time.GetUtcNow() - Start).Ticks % RenewEvery.Ticks == 0)
            {
                Assert.True(await holder.TryAcquireAsync(StoreSeeder.LeaseName, Ttl, ct));
            }
        }

        // The holder finishes.
        target.Seeded = true;
        await holder.ReleaseAsync(StoreSeeder.LeaseName, ct);
        await WaitingAsync(time, steps + 1, seeding, ct);
        time.Advance(StoreSeeder.WaitStep);

        Assert.Same(StoreSeedResult.AlreadySeeded, await seeding.WaitAsync(Signal.Bound, ct));
        Assert.Empty(await target.Tokens.LoadAsync(ct));
        Assert.Equal(0, target.MarkCalls);
    }

    [Fact]
    public async Task ALeaseHeldForTooLong_FailsWithAStoreError()
    {
        var ct = TestContext.Current.CancellationToken;
        var time = new TimerCountingTimeProvider(Start);
        await using var source = NewSource();
        await using var target = new UnseededBackend(_storeDir.Path, TimeProvider.System);
        target.FakeLeaseStore.HeldElsewhere = true;

        var seeding = StoreSeeder.SeedOnceAsync(source, target, Ttl, time, NullLogger.Instance, ct);
        await WaitingAsync(time, 1, seeding, ct);
        time.Advance(StoreSeeder.MaxWait - TimeSpan.FromMinutes(1));

        // Still waiting just before the bound, then gives up after it.
        await WaitingAsync(time, 2, seeding, ct);
        time.Advance(TimeSpan.FromMinutes(2));
        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => seeding.WaitAsync(Signal.Bound, ct));

        Assert.Contains("another instance", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{StoreSeeder.MaxWait.TotalMinutes:0} minutes", error.Message, StringComparison.Ordinal);
        Assert.False(target.Seeded);
    }

    // Waits until the seeder sleeps in its waitNumber-th wait; fails at once when the seeding ended instead.
    private static async Task WaitingAsync(TimerCountingTimeProvider time, int waitNumber, Task<StoreSeedResult> seeding, CancellationToken ct)
    {
        var waiting = time.WaitForTimersAsync(waitNumber, ct);
        await Task.WhenAny(waiting, seeding);
        if (seeding.IsCompleted)
        {
            var result = await seeding;
            Assert.Fail($"The seeding ended before wait {waitNumber}: {result}");
        }

        await waiting;
    }

    // Bounded: the renewal cancels the seeding's token once it has seen the lease lost.
    private static async Task WaitCancelledAsync(CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = token.Register(() => cancelled.TrySetResult());
        await cancelled.Task.WaitAsync(Signal.Bound, TestContext.Current.CancellationToken);
    }

    /// <summary>A token store whose every save takes time: after writing a batch it runs <c>afterWrite(batchNumber, token)</c>.</summary>
    private sealed class SlowTokenStore(ITokenStore inner, Func<int, CancellationToken, Task> afterWrite) : ITokenStore
    {
        private int _batches;

        public int Batches => Volatile.Read(ref _batches);

        public Task<IReadOnlyList<PooledToken>> LoadAsync(CancellationToken cancellationToken) => inner.LoadAsync(cancellationToken);

        public async Task SaveAsync(TokenChangeSet changes, CancellationToken cancellationToken)
        {
            await inner.SaveAsync(changes, cancellationToken);
            await afterWrite(Interlocked.Increment(ref _batches), cancellationToken);
        }
    }
}
