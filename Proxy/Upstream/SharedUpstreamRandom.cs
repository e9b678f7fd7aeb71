namespace Grok2Api.Proxy.Upstream;

/// <summary>Jitter from <see cref="Random.Shared"/> (thread-safe).</summary>
internal sealed class SharedUpstreamRandom : IUpstreamRandom
{
    public double NextDouble() => Random.Shared.NextDouble();
}
