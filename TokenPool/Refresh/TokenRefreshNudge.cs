using System.Threading.Channels;

namespace Grok2Api.TokenPool.Refresh;

/// <summary>
/// Lets a request that found no account ask the refresh scheduler to re-sync the due tokens now
/// rather than at its next tick (docs/adr/0024). The request never waits for it. Nudges are rate
/// limited: one is passed on at most every <see cref="TokenPoolConstants.NudgeGap"/>, so a flood of
/// requests on an empty pool starts one run, not one each. Thread-safe; cheap and allocation-free
/// when the nudge is dropped.
/// </summary>
internal sealed class TokenRefreshNudge(TimeProvider timeProvider)
{
    private readonly Channel<bool> _nudges = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private long _lastPassedMs = long.MinValue;

    /// <summary>Asks for a run; returns whether this nudge was passed on (false when one was passed on within the gap).</summary>
    public bool Nudge()
    {
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var last = Volatile.Read(ref _lastPassedMs);
        if (last != long.MinValue && now - last < (long)TokenPoolConstants.NudgeGap.TotalMilliseconds)
        {
            return false;
        }

        if (Interlocked.CompareExchange(ref _lastPassedMs, now, last) != last)
        {
            return false;
        }

        // A nudge still waiting for the scheduler is enough: the write is then dropped.
        _nudges.Writer.TryWrite(true);
        return true;
    }

    /// <summary>Completes when a nudge has been passed on (the scheduler waits on it).</summary>
    public async Task WaitAsync(CancellationToken cancellationToken) => await _nudges.Reader.ReadAsync(cancellationToken);
}
