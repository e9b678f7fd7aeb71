namespace Grok2Api.Simulator.Media;

/// <summary>A thread-safe, append-only log of what one endpoint family received, oldest first.</summary>
internal sealed class RecordList<T>
{
    private readonly Lock _lock = new();
    private readonly List<T> _items = [];

    /// <summary>A snapshot, oldest first.</summary>
    public IReadOnlyList<T> Snapshot()
    {
        lock (_lock)
        {
            return [.. _items];
        }
    }

    public void Add(T item)
    {
        lock (_lock)
        {
            _items.Add(item);
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _items.Clear();
        }
    }
}
