namespace Grok2Api.Proxy.Upstream;

/// <summary>The randomness of retry jitter; tests substitute a scripted sequence.</summary>
internal interface IUpstreamRandom
{
    /// <summary>A value in [0, 1). Thread-safe.</summary>
    double NextDouble();
}
