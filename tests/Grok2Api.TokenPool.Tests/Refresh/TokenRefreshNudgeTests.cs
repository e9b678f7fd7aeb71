using Grok2Api.TokenPool.Refresh;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.TokenPool.Tests.Refresh;

public sealed class TokenRefreshNudgeTests
{
    [Fact]
    public async Task Nudge_Flood_OnePassedOnPerGap()
    {
        var time = new FakeTimeProvider(PoolHarness.Start);
        var nudge = new TokenRefreshNudge(time);

        var passed = Enumerable.Range(0, 1000).Count(_ => nudge.Nudge());
        time.Advance(TimeSpan.FromSeconds(14.999));
        var stillHeld = nudge.Nudge();
        time.Advance(TimeSpan.FromMilliseconds(1));
        var afterGap = nudge.Nudge();

        Assert.Equal((1, false, true), (passed, stillHeld, afterGap));

        // Two nudges passed on while nobody waited: the scheduler wakes once (one run covers both).
        await nudge.WaitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        using var none = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => nudge.WaitAsync(none.Token));
    }
}
