namespace Grok2Api.Simulator.Hosting;

/// <summary>Counts requests in progress at the same time, and the most seen at once, so a client's concurrency limit shows. Thread-safe.</summary>
public sealed class InFlightCounter
{
    private int _inFlight;
    private int _peak;

    /// <summary>Requests in progress now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most requests in progress at the same time since the start or <see cref="ResetPeak"/>.</summary>
    public int PeakInFlight => Volatile.Read(ref _peak);

    /// <summary>Starts counting <see cref="PeakInFlight"/> again from the requests in progress now.</summary>
    public void ResetPeak() => Volatile.Write(ref _peak, InFlight);

    /// <summary>Counts one request in progress until the result is disposed (once).</summary>
    internal IDisposable Enter()
    {
        var now = Interlocked.Increment(ref _inFlight);
        var peak = Volatile.Read(ref _peak);
        while (now > peak)
        {
            var seen = Interlocked.CompareExchange(ref _peak, now, peak);
            if (seen == peak)
            {
                break;
            }

            peak = seen;
        }

        return new Exit(this);
    }

    private sealed class Exit(InFlightCounter counter) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                Interlocked.Decrement(ref counter._inFlight);
            }
        }
    }
}
