using System.Collections.Concurrent;
using System.Diagnostics;

namespace Grok2Api.LoadBench.Load;

/// <summary>
/// A closed-loop load: <c>connections</c> workers, each sending its next request as soon as the last
/// answer has been read in full. Requests that complete inside the measurement window count (after a
/// warm-up at the same concurrency); their latency is from sending to the last byte of the answer.
/// Closed-loop means the offered load adapts to the server: the figures are the capacity at that
/// concurrency, and queueing delay beyond it is not seen (no coordinated-omission correction).
/// </summary>
internal static class ClosedLoop
{
    /// <summary>One request: null when it succeeded, else a short error label; <paramref name="bytes"/> gets the answer's size.</summary>
    public delegate ValueTask<string?> Send(Memory<byte> scratch, ByteCount bytes, CancellationToken cancellationToken);

    public static async Task<LoadResult> RunAsync(
        string target,
        int connections,
        TimeSpan warmup,
        TimeSpan duration,
        Send send,
        Func<CpuUse> cpuNow,
        CancellationToken cancellationToken)
    {
        var histogram = new LatencyHistogram();
        var errors = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        long warmupErrors = 0;
        long responseBytes = 0;
        var start = Stopwatch.GetTimestamp();
        var measureFrom = start + (long)(warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        // The CPU counters are read at the window's edges, by the clock, not by the workers.
        var cpuTask = CpuDuringAsync(measureFrom, measureTo, cpuNow, cancellationToken);

        async Task WorkerAsync()
        {
            var scratch = new byte[16 * 1024];
            var bytes = new ByteCount();
            while (!cancellationToken.IsCancellationRequested)
            {
                var sent = Stopwatch.GetTimestamp();
                if (sent >= measureTo)
                {
                    return;
                }

                bytes.Value = 0;
                var error = await send(scratch, bytes, cancellationToken);
                var done = Stopwatch.GetTimestamp();
                if (done < measureFrom)
                {
                    if (error is not null)
                    {
                        Interlocked.Increment(ref warmupErrors);
                    }

                    continue;
                }

                if (done > measureTo)
                {
                    return;
                }

                if (error is null)
                {
                    histogram.Record((done - sent) * 1_000_000 / Stopwatch.Frequency);
                    Interlocked.Add(ref responseBytes, bytes.Value);
                }
                else
                {
                    errors.AddOrUpdate(error, 1, (_, n) => n + 1);
                    if (error.StartsWith("HTTP", StringComparison.Ordinal) is false)
                    {
                        // A refused connection or a reset answers at once; do not spin on it.
                        await Task.Delay(TimeSpan.FromMilliseconds(10), cancellationToken);
                    }
                }
            }
        }

        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(WorkerAsync, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var cpu = await cpuTask;
        cancellationToken.ThrowIfCancellationRequested();
        return new LoadResult(target, connections, duration, histogram, errors, warmupErrors, responseBytes, cpu);
    }

    private static async Task<CpuUse> CpuDuringAsync(long from, long to, Func<CpuUse> cpuNow, CancellationToken cancellationToken)
    {
        await Task.Delay(Until(from), cancellationToken);
        var atStart = cpuNow();
        await Task.Delay(Until(to), cancellationToken);
        var atEnd = cpuNow();
        return new CpuUse(atEnd.Gateway - atStart.Gateway, atEnd.Simulator - atStart.Simulator, atEnd.Client - atStart.Client);
    }

    private static TimeSpan Until(long timestamp)
    {
        var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return left > TimeSpan.Zero ? left : TimeSpan.Zero;
    }
}
