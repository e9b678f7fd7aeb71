using Grok2Api.TokenPool.Selection;

namespace Grok2Api.TokenPool.Tests.Fakes;

/// <summary>A random source that returns scripted values (modulo the bound), then 0.</summary>
internal sealed class ScriptedRandomFactory : IRandomFactory
{
    public ScriptedRandom Instance { get; } = new();

    public Random CreateRandomInstance() => Instance;

    internal sealed class ScriptedRandom : Random
    {
        private readonly Queue<int> _values = new();

        public void Enqueue(params int[] values)
        {
            foreach (var value in values)
            {
                _values.Enqueue(value);
            }
        }

        public override int Next(int maxValue) => _values.Count > 0 ? _values.Dequeue() % maxValue : 0;

        public override int Next(int minValue, int maxValue) => minValue + Next(maxValue - minValue);

        public override int Next() => Next(int.MaxValue);
    }
}
