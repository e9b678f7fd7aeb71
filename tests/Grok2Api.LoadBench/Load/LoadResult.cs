namespace Grok2Api.LoadBench.Load;

/// <summary>What one closed-loop phase measured, plus the CPU the three processes used during it.</summary>
internal sealed record LoadResult(
    string Target,
    int Connections,
    TimeSpan Measured,
    LatencyHistogram Latency,
    IReadOnlyDictionary<string, long> Errors,
    long WarmupErrors,
    long ResponseBytes,
    CpuUse Cpu)
{
    public long ErrorCount => Errors.Values.Sum();

    public double RequestsPerSecond => Latency.Count / Measured.TotalSeconds;
}
