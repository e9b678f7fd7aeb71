namespace Grok2Api.TokenPool.Selection;

/// <summary>The production random source: <see cref="Random.Shared"/>, thread-safe (one generator per thread, no lock).</summary>
internal sealed class RandomFactory : IRandomFactory
{
    public Random CreateRandomInstance() => Random.Shared;
}
