namespace Grok2Api.LoadBench.Load;

/// <summary>CPU time (user + system) each process used during a measurement.</summary>
internal sealed record CpuUse(TimeSpan Gateway, TimeSpan Simulator, TimeSpan Client);
