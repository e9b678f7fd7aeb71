using Grok2Api.Proxy.Upstream;

namespace Grok2Api.Proxy.Tests.Upstream;

/// <summary>Returns the given values in order, then repeats the last one.</summary>
internal sealed class ScriptedRandom(params double[] values) : IUpstreamRandom
{
    private int _next;

    public double NextDouble() => values[Math.Min(_next++, values.Length - 1)];
}
