namespace Grok2Api.TokenPool.Selection;

/// <summary>The production random source: a fresh, randomly seeded <see cref="Random"/>.</summary>
internal sealed class RandomFactory : IRandomFactory
{
    public Random CreateRandomInstance() => new();
}
