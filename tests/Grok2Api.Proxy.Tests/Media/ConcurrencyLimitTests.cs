using Grok2Api.Proxy.Media;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Proxy.Tests.Media;

public sealed class ConcurrencyLimitTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AcquireAsync_UpToTheSize_IsImmediateThenWaitsForARelease()
    {
        var limit = new ConcurrencyLimit(() => 2);
        var time = new FakeTimeProvider();
        var first = await limit.AcquireAsync(Long, time, Ct);
        using var second = await limit.AcquireAsync(Long, time, Ct);

        var third = limit.AcquireAsync(Long, time, Ct);
        Assert.False(third.IsCompleted);
        Assert.Equal(1, limit.Waiting);

        first!.Dispose();
        using var admitted = await third.WaitAsync(Bound, Ct);
        Assert.NotNull(admitted);
        Assert.Equal(2, limit.InUse);
    }

    [Fact]
    public async Task Pump_AfterTheSizeGrew_AdmitsWaiters()
    {
        var size = 1;
        var limit = new ConcurrencyLimit(() => size);
        var time = new FakeTimeProvider();
        using var held = await limit.AcquireAsync(Long, time, Ct);
        var waiting = limit.AcquireAsync(Long, time, Ct);

        size = 2;
        limit.Pump();

        using var admitted = await waiting.WaitAsync(Bound, Ct);
        Assert.NotNull(admitted);
    }

    [Fact]
    public async Task Release_AfterTheSizeShrank_AdmitsNobodyUntilBelowTheNewSize()
    {
        var size = 3;
        var limit = new ConcurrencyLimit(() => size);
        var time = new FakeTimeProvider();
        var a = await limit.AcquireAsync(Long, time, Ct);
        var b = await limit.AcquireAsync(Long, time, Ct);
        using var c = await limit.AcquireAsync(Long, time, Ct);
        size = 1;
        var waiting = limit.AcquireAsync(Long, time, Ct);

        a!.Dispose();
        Assert.False(waiting.IsCompleted);
        b!.Dispose();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, limit.InUse);
        c!.Dispose();

        using var admitted = await waiting.WaitAsync(Bound, Ct);
        Assert.Equal(1, limit.InUse);
    }

    [Fact]
    public async Task AcquireAsync_TimeoutElapses_ReturnsNullAndLeavesNoWaiter()
    {
        var limit = new ConcurrencyLimit(() => 1);
        var time = new FakeTimeProvider();
        using var held = await limit.AcquireAsync(Long, time, Ct);

        var waiting = limit.AcquireAsync(TimeSpan.FromSeconds(5), time, Ct);
        time.Advance(TimeSpan.FromSeconds(6));

        Assert.Null(await waiting.WaitAsync(Bound, Ct));
        Assert.Equal(0, limit.Waiting);
        Assert.Equal(1, limit.InUse);
    }

    [Fact]
    public async Task AcquireAsync_Cancelled_ThrowsAndFreesNothing()
    {
        var limit = new ConcurrencyLimit(() => 1);
        var time = new FakeTimeProvider();
        var held = await limit.AcquireAsync(Long, time, Ct);
        using var cts = new CancellationTokenSource();

        var waiting = limit.AcquireAsync(Long, time, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound, Ct));
        held!.Dispose();
        held.Dispose();
        Assert.Equal(0, limit.InUse);
        Assert.Equal(0, limit.Waiting);
    }
}
