using System.Diagnostics;

namespace Grok2Api.Transforms.Tests.Timing;

/// <summary>
/// Checks that work grows linearly with its input: the same work at a small and at a large size, each
/// timed as the best of a few runs (so a pause of a loaded machine in one run does not count), and the
/// large one must stay far below what a quadratic cost would take.
/// </summary>
internal static class Linearity
{
    private const int Runs = 3;

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
        Xunit.Assert.True(largeTime < bound, $"size {small}: {smallTime}; size {small * factor}: {largeTime}; bound {bound}");
    }

    private static TimeSpan Best(Action<int> work, int size)
    {
        var best = TimeSpan.MaxValue;
        for (var run = 0; run < Runs; run++)
        {
            var clock = Stopwatch.StartNew();
            work(size);
            var elapsed = clock.Elapsed;
            best = elapsed < best ? elapsed : best;
        }

        return best;
    }
}
