using System.Numerics;

namespace Grok2Api.LoadBench.Load;

/// <summary>
/// Latencies in microseconds, counted in log-linear buckets as HdrHistogram does: exact below 2,048 µs,
/// then 1,024 buckets per power of two (a relative error under 0.1 %), up to about 19 hours. Fixed
/// memory whatever the number of samples; safe to record from many threads.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 11;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int HalfSubBuckets = SubBuckets / 2;
    private const int MaxShift = 25;
    private readonly long[] _counts = new long[SubBuckets + (MaxShift * HalfSubBuckets)];
    private long _count;
    private long _max;
    private long _sum;

    public long Count => Interlocked.Read(ref _count);

    public long MaxMicroseconds => Interlocked.Read(ref _max);

    public double MeanMicroseconds => Count == 0 ? 0 : (double)Interlocked.Read(ref _sum) / Count;

    public void Record(long microseconds)
    {
        var value = Math.Max(0, microseconds);
        Interlocked.Increment(ref _counts[IndexOf(value)]);
        Interlocked.Increment(ref _count);
        Interlocked.Add(ref _sum, value);
        var max = Interlocked.Read(ref _max);
        while (value > max)
        {
            var seen = Interlocked.CompareExchange(ref _max, value, max);
            if (seen == max)
            {
                break;
            }

            max = seen;
        }
    }

    /// <summary>The value at <paramref name="percentile"/> (0-100): the upper end of the bucket holding that sample.</summary>
    public long ValueAt(double percentile)
    {
        var count = Count;
        if (count == 0)
        {
            return 0;
        }

        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * count));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(UpperBoundOf(i), MaxMicroseconds);
            }
        }

        return MaxMicroseconds;
    }

    private static int IndexOf(long value)
    {
        if (value < SubBuckets)
        {
            return (int)value;
        }

        // value >> shift falls in [1024, 2047]: the top 11 bits of the value.
        var shift = Math.Min(MaxShift, (63 - BitOperations.LeadingZeroCount((ulong)value)) - (SubBucketBits - 1));
        var sub = Math.Min(SubBuckets - 1, value >> shift);
        return SubBuckets + ((shift - 1) * HalfSubBuckets) + (int)(sub - HalfSubBuckets);
    }

    private static long UpperBoundOf(int index)
    {
        if (index < SubBuckets)
        {
            return index;
        }

        var shift = ((index - SubBuckets) / HalfSubBuckets) + 1;
        var sub = ((index - SubBuckets) % HalfSubBuckets) + HalfSubBuckets;
        return ((sub + 1L) << shift) - 1;
    }
}
