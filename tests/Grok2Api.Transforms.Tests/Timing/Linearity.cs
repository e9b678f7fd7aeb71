using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Grok2Api.Transforms.Tests.Timing;

/// <summary>
/// Checks that work grows linearly with its input: the same work at a small and at a large size, each
/// timed as the best of a few runs, and the large one must stay far below what a quadratic cost would take.
/// </summary>
/// <remarks>
/// On Linux the time is the CPU time of the calling thread (<c>CLOCK_THREAD_CPUTIME_ID</c>), not the wall
/// clock: the whole suite runs its test projects at once on two cores, and a thread that waits for a
/// core would otherwise count the other processes' work as its own (a 2 MiB run once measured 266 ms of
/// wall time for about 11 ms of work). The work runs on the calling thread, so its CPU time, the
/// collections it triggers included, is what the input costs. Elsewhere the wall clock is used.
/// </remarks>
internal static class Linearity
{
    private const int Runs = 3;
    private const int ThreadCpuClock = 3; // CLOCK_THREAD_CPUTIME_ID

    /// <summary>
    /// Times <paramref name="work"/> at <paramref name="small"/> and at <paramref name="factor"/> times that
    /// size. Linear work takes about <paramref name="factor"/> times as long, quadratic work factor² times;
    /// the bound is <paramref name="allowed"/> times (default half of factor², well above linear) plus
    /// 200 ms of slack.
    /// </summary>
    public static void Assert(Action<int> work, int small, int factor, int? allowed = null)
    {
        work(small); // warm-up: JIT and first-use costs are not part of the figure
        var smallTime = Best(work, small);
        var largeTime = Best(work, small * factor);
        var bound = (smallTime * (allowed ?? factor * factor / 2)) + TimeSpan.FromMilliseconds(200);
        Xunit.Assert.True(largeTime < bound, $"size {small}: {smallTime}; size {small * factor}: {largeTime}; bound {bound} ({(OperatingSystem.IsLinux() ? "thread CPU time" : "wall clock")})");
    }

    private static TimeSpan Best(Action<int> work, int size)
    {
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < Runs; run++)
        {
            var start = Now();
            work(size);
            var elapsed = Now() - start;
            best = elapsed < best ? elapsed : best;
        }

        return best;
    }

    private static TimeSpan Now()
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ThreadCpuClock, out var spec) == 0)
        {
            return TimeSpan.FromTicks((spec.Seconds * TimeSpan.TicksPerSecond) + (spec.Nanoseconds / 100));
        }

        return Stopwatch.GetElapsedTime(0);
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec value);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
