using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace Grok2Api.Proxy.Tests.Upstream;

/// <summary>A FakeTimeProvider that records the due time of every timer, so a test sees a retry delay being scheduled.</summary>
internal sealed class TimerRecordingTimeProvider : FakeTimeProvider
{
    public ConcurrentQueue<TimeSpan> DueTimes { get; } = new();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        DueTimes.Enqueue(dueTime);
        return base.CreateTimer(callback, state, dueTime, period);
    }

    /// <summary>Waits (bounded) until a timer with this due time has been created.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime, CancellationToken cancellationToken)
    {
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bound.CancelAfter(TimeSpan.FromSeconds(10));
        while (!DueTimes.Contains(dueTime))
        {
            await Task.Delay(10, bound.Token);
        }
    }
}
