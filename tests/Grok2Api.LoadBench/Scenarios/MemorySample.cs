using Grok2Api.LoadBench.Hosting;

namespace Grok2Api.LoadBench.Scenarios;

/// <summary>Resident memory (KiB) of the three processes at one moment, and the gateway's anonymous part and threads.</summary>
internal sealed record MemorySample(long GatewayRss, long GatewayAnon, long GatewayThreads, long SimulatorRss, long ClientRss)
{
    public static MemorySample Take(BenchStack stack) => new(
        stack.Gateway.ResidentKiB(),
        ProcessStats.AnonymousKiB(stack.Gateway.Id),
        ProcessStats.Threads(stack.Gateway.Id),
        stack.Simulator.ResidentKiB(),
        ProcessStats.ResidentKiB(Environment.ProcessId));

    /// <summary>The sample holding the median gateway RSS.</summary>
    public static MemorySample Median(IReadOnlyList<MemorySample> samples) =>
        samples.OrderBy(s => s.GatewayRss).ElementAt(samples.Count / 2);
}
