namespace Grok2Api.Proxy.Chat;

/// <summary>A request's reservation in the <see cref="ChatMemoryBudget"/>; disposing it gives the bytes back (once).</summary>
internal sealed class ChatMemoryLease : IDisposable
{
    private readonly ChatMemoryBudget _budget;
    private long _bytes;

    internal ChatMemoryLease(ChatMemoryBudget budget, long bytes)
    {
        _budget = budget;
        _bytes = bytes;
    }

    /// <summary>The bytes reserved.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>Lowers the reservation to <paramref name="bytes"/> (e.g. once a chunked body's real size is known).</summary>
    /// <param name="bytes">The bytes actually held.</param>
    public void ShrinkTo(long bytes)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _bytes);
            if (bytes >= current)
            {
                return;
            }

            if (Interlocked.CompareExchange(ref _bytes, Math.Max(bytes, 0), current) == current)
            {
                _budget.Release(current - Math.Max(bytes, 0));
                return;
            }
        }
    }

    /// <summary>Gives the whole reservation back.</summary>
    public void Dispose() => _budget.Release(Interlocked.Exchange(ref _bytes, 0));
}
