namespace Grok2Api.LoadBench.Load;

/// <summary>The size of the answer a worker just read (an async method cannot take a ref).</summary>
internal sealed class ByteCount
{
    public long Value { get; set; }
}
