namespace Grok2Api.TokenPool.State;

/// <summary>Where one token sits in one <see cref="QuotaIndex"/>: the bucket and its position there (for O(1) removal).</summary>
internal struct IndexSlot
{
    public QuotaIndex? Index;
    public int Bucket;
    public int Position;
}
