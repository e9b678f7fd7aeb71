using Grok2Api.Configuration;
using Grok2Api.Proxy.Chat;
using Grok2Api.Tests.Common;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Proxy.Tests.Chat;

public sealed class ChatMemoryBudgetTests
{
    private const long MiB = 1024 * 1024;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (ChatMemoryBudget Budget, FakeTimeProvider Time) Create(int maxInflightMb = 10)
    {
        var time = new FakeTimeProvider();
        return (new ChatMemoryBudget(new TestOptionsMonitor<ChatSection>(new ChatSection { MaxInflightMb = maxInflightMb }), time), time);
    }

    [Fact]
    public async Task AcquireAsync_WithinTheBudget_ReservesAtOnce_DisposeGivesBack()
    {
        var (budget, _) = Create();

        using (var first = await budget.AcquireAsync(4 * MiB, Wait, Ct))
        using (var second = await budget.AcquireAsync(6 * MiB, Wait, Ct))
        {
            Assert.NotNull(first);
            Assert.NotNull(second);
            Assert.Equal(10 * MiB, budget.HeldBytes);
        }

        Assert.Equal(0, budget.HeldBytes);
    }

    [Fact]
    public async Task AcquireAsync_NoRoom_WaitsThenGivesNull_AfterTheWait()
    {
        var (budget, time) = Create();
        using var held = await budget.AcquireAsync(8 * MiB, Wait, Ct);

        var waiting = budget.AcquireAsync(4 * MiB, Wait, Ct).AsTask();
        Assert.False(waiting.IsCompleted);
        time.Advance(Wait);

        Assert.Null(await waiting.WaitAsync(Bound, Ct));
        Assert.Equal(8 * MiB, budget.HeldBytes);
    }

    [Fact]
    public async Task AcquireAsync_NoRoom_AdmittedWhenAnotherEnds()
    {
        var (budget, _) = Create();
        var held = await budget.AcquireAsync(8 * MiB, Wait, Ct);

        var waiting = budget.AcquireAsync(4 * MiB, Wait, Ct).AsTask();
        Assert.False(waiting.IsCompleted);
        held!.Dispose();

        using var admitted = await waiting.WaitAsync(Bound, Ct);
        Assert.NotNull(admitted);
        Assert.Equal(4 * MiB, budget.HeldBytes);
    }

    [Fact]
    public async Task ShrinkTo_GivesBackTheRest_AndWakesWaiters()
    {
        var (budget, _) = Create();
        using var chunked = await budget.AcquireAsync(10 * MiB, Wait, Ct);

        var waiting = budget.AcquireAsync(4 * MiB, Wait, Ct).AsTask();
        chunked!.ShrinkTo(1 * MiB);

        using var admitted = await waiting.WaitAsync(Bound, Ct);
        Assert.NotNull(admitted);
        Assert.Equal(5 * MiB, budget.HeldBytes);
        chunked.ShrinkTo(2 * MiB);
        Assert.Equal(1 * MiB, chunked.Bytes);
    }

    [Fact]
    public async Task AcquireAsync_LargerThanTheWholeBudget_AdmittedAlone()
    {
        var (budget, time) = Create(maxInflightMb: 2);

        using (var alone = await budget.AcquireAsync(50 * MiB, Wait, Ct))
        {
            Assert.NotNull(alone);
            Assert.Equal(2 * MiB, budget.HeldBytes);
            var other = budget.AcquireAsync(1, Wait, Ct).AsTask();
            time.Advance(Wait);
            Assert.Null(await other.WaitAsync(Bound, Ct));
        }

        Assert.Equal(0, budget.HeldBytes);
    }

    [Fact]
    public async Task AcquireAsync_ClientGone_Throws()
    {
        var (budget, _) = Create();
        using var held = await budget.AcquireAsync(10 * MiB, Wait, Ct);
        using var client = new CancellationTokenSource();

        var waiting = budget.AcquireAsync(1, Wait, client.Token).AsTask();
        await client.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(Bound, Ct));
    }
}
